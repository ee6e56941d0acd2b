/**
 * Test support: a Fastify app with the plugin at `/webhooks`, a JSON route of its own, and an error handler that
 * records what reached it. The provider table is `@paywire/nestjs`'s (each registry provider's `main` adapter case,
 * from its folder in `@paywire/core`).
 * Not part of the package (excluded from the build and from `files`).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import {
  createPaywire,
  memoryStore,
  type PaymentEvent,
  type PaywireBase,
  type PaywireStore,
  type ProvidersOptions,
} from '@paywire/core';
import { paymentWebhooks, type PaymentWebhooksOptions } from '../index.js';

export {
  PROVIDER_ROWS,
  allProviderOptions,
  type Delivery,
  type ProviderRow,
} from '../../../nestjs/src/__fixtures__/provider-rows.js';
export { rawRequest, paywireCode } from '../../../nestjs/src/__fixtures__/raw-http.js';

export const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A paywire instance recording every event its `paywire.on('*')` handler sees. */
export function paywireFor(providers: ProvidersOptions, store: PaywireStore = memoryStore()) {
  const paywire: PaywireBase = createPaywire({ providers, store, logger: silentLogger });
  const seen: PaymentEvent[] = [];
  paywire.on('*', (e) => void seen.push(e));
  return { paywire, store, seen };
}

/** A ready app: `setup` runs before the plugin is registered (hooks of the app's own). */
export async function buildApp(
  options: Omit<PaymentWebhooksOptions, 'prefix'>,
  setup?: (app: FastifyInstance) => void,
): Promise<{ app: FastifyInstance; faults: unknown[] }> {
  const app = Fastify();
  const faults: unknown[] = [];
  app.setErrorHandler((err, _request, reply) => {
    faults.push(err);
    return reply.code(500).send({ fault: (err as Error).message });
  });
  setup?.(app);
  await app.register(paymentWebhooks, { prefix: '/webhooks', ...options });
  app.get('/health', async () => 'ok');
  app.post('/webhooks/other', async (_request, reply) => reply.code(202).send('app route'));
  app.post('/echo', async (request) => ({ parsed: request.body }));
  await app.ready();
  return { app, faults };
}
