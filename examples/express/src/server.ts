/**
 * Starts the example shop. Configuration: see ../README.md (every variable defaults to the local sandbox).
 *   pnpm --filter @paywire/example-express start
 */
import type { AddressInfo } from 'node:net';
import { createPaywire, type Paywire } from '@paywire/core';
import { shopConfigFromEnv } from '@paywire/example-shop';
import { createShopApp } from './app.js';
import { storeFromEnv } from './store.js';

const config = shopConfigFromEnv(process.env, 3000);
const store = storeFromEnv(process.env); // STORE=postgres DATABASE_URL=postgres://… for PostgreSQL
const paywire = createPaywire({ providers: config.providers, store }) as Paywire;
const { app } = createShopApp({
  paywire,
  urls: { shop: config.publicUrl, wayletApp: config.wayletAppUrl },
  onEvent: (e) =>
    console.log(
      `[shop] ${e.type} ${e.provider} order ${e.paymentId} ${e.amount ? `${e.amount.value} ${e.amount.currency ?? ''}` : ''} (${e.source})`,
    ),
});
const server = app.listen(config.port, config.host, () =>
  console.log(
    `shop listening on http://${config.host}:${(server.address() as AddressInfo).port} (providers: ${paywire.providers.join(', ')})`,
  ),
);
const stop = () =>
  server.close(
    () =>
      void paywire
        .close()
        .then(() => store.close?.())
        .then(() => process.exit(0)),
  );
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
