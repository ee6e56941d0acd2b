/**
 * `@paywire/express`: one middleware that mounts verified, deduplicated payment webhooks for every
 * configured paywire provider, on Express 4 and 5, whether or not the app parses JSON globally.
 *
 * @example
 * ```ts
 * import express from 'express'
 * import { paymentWebhooks } from '@paywire/express'
 *
 * app.use('/webhooks', paymentWebhooks({ paywire, on: { 'payment.paid': markOrderPaid } }))
 * ```
 * @module
 */
export { paymentWebhooks, type PaymentWebhooksMiddleware } from './router.js';
export type { PaymentWebhooksOptions, PaymentWebhookHandlers } from './options.js';
export { rawBodySaver } from './raw-body.js';
export { sendReply, type PaywireRequestState } from './reply.js';
