/**
 * Starts the example shop. Configuration: see ../README.md (every variable defaults to the local sandbox).
 *   pnpm --filter @paywire/example-express start
 */
import type { AddressInfo } from 'node:net';
import { createPaywire, type Paywire } from '@paywire/core';
import { createShopApp } from './app.js';
import { providersFromEnv } from './config.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const publicUrl = process.env.PUBLIC_URL ?? `http://${host}:${port}`;
const sandboxUrl = process.env.SANDBOX_URL ?? 'http://127.0.0.1:4010';

const paywire = createPaywire({ providers: providersFromEnv() }) as Paywire;
const { app } = createShopApp({
  paywire,
  urls: { shop: publicUrl, wayletApp: process.env.WAYLET_APP_URL ?? `${sandboxUrl}/waylet/app` },
  onEvent: (e) => console.log(`[shop] ${e.type} ${e.provider} order ${e.paymentId} ${e.amount ? `${e.amount.value} ${e.amount.currency ?? ''}` : ''} (${e.source})`),
});
const server = app.listen(port, host, () => console.log(`shop listening on http://${host}:${(server.address() as AddressInfo).port} (providers: ${paywire.providers.join(', ')})`));
const stop = () => server.close(() => void paywire.close().then(() => process.exit(0)));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
