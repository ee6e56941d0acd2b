import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPaywire, type PaymentEvent, type Paywire, type PaywireLogger } from '@paywire/core';
import { createSandbox, sandboxCredentials, type Sandbox } from '@paywire/sandbox';
import { createShopApp } from './app.js';
import { providersFromEnv, type OrderBook } from '@paywire/example-shop';
import { storeFromEnv } from './store.js';

/** Options of {@link startShopStack}. */
export interface StackOptions {
  /** @default 0 (a free port) */
  shopPort?: number;
  /** @default 0 (a free port) */
  sandboxPort?: number;
  onEvent?: (event: PaymentEvent) => void;
  logger?: PaywireLogger;
  /** Sandbox callback retry interval. @default 200 */
  retryIntervalMs?: number;
}

/** The sandbox and the shop, wired to each other, on 127.0.0.1. */
export interface ShopStack {
  shopUrl: string;
  sandbox: Sandbox;
  paywire: Paywire;
  orders: OrderBook;
  close(): Promise<void>;
}

/**
 * Starts the sandbox and the example shop in this process (the demo and the browser test use it). The shop's
 * port is taken first so the sandbox's merchant profile can point its callbacks at it.
 */
export async function startShopStack(options: StackOptions = {}): Promise<ShopStack> {
  const shopServer = createServer();
  await new Promise<void>((r) => shopServer.listen(options.shopPort ?? 0, '127.0.0.1', r));
  const shopUrl = `http://127.0.0.1:${(shopServer.address() as AddressInfo).port}`;
  const sandbox = await createSandbox({
    port: options.sandboxPort ?? 0,
    retryIntervalMs: options.retryIntervalMs ?? 200,
    merchant: {
      paylicanWebhookUrl: `${shopUrl}/webhooks/paylican?token=${sandboxCredentials.paylican.webhookToken}`,
      paykassmaPostbackUrl: `${shopUrl}/webhooks/paykassma`,
      etpayWebhookUrl: `${shopUrl}/webhooks/etpay`,
    },
  });
  const store = storeFromEnv(process.env); // STORE=postgres DATABASE_URL=… runs the demo on PostgreSQL
  const paywire = createPaywire({
    providers: providersFromEnv({ ...process.env, SANDBOX_URL: sandbox.url }),
    store,
    ...(options.logger ? { logger: options.logger } : {}),
  }) as Paywire;
  const { app, orders } = createShopApp({
    paywire,
    urls: { shop: shopUrl, wayletApp: `${sandbox.url}/waylet/app` },
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  shopServer.on('request', app);
  return {
    shopUrl,
    sandbox,
    paywire,
    orders,
    async close() {
      await sandbox.close();
      shopServer.closeAllConnections();
      await new Promise((r) => shopServer.close(r));
      await paywire.close();
      await store.close?.();
    },
  };
}
