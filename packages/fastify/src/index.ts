/**
 * `@paywire/fastify`: a Fastify 5 plugin that mounts verified, deduplicated payment webhooks for every
 * configured paywire provider, with its own raw-body parser scoped to its routes.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify'
 * import { paymentWebhooks } from '@paywire/fastify'
 *
 * const app = Fastify()
 * await app.register(paymentWebhooks, { paywire, prefix: '/webhooks', on: { 'payment.paid': markOrderPaid } })
 * ```
 * @module
 */
export { paymentWebhooks, type PaymentWebhooksOptions } from './plugin.js';
export type { PaymentWebhookHandlers, PaywireRequestState } from '@paywire/core';
