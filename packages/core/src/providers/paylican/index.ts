/**
 * Paylican (Keycloak-secured payment gateway): pure URL builders, webhook guard and parser, schemas and types.
 * Usable without a paywire instance.
 *
 * @example
 * ```ts
 * import { paymentRedirectUrl, parseWebhook, toPaymentEvent } from '@paywire/core/paylican'
 * const url = paymentRedirectUrl(
 *   { keycloakUrl: 'https://sso.example.com', paymentUrl: 'https://pay.example.com' },
 *   { type: 'XYZ', merchantReference: 'REF-1234', invoiceId: 'XYZ2024-ade08' },
 * )
 * const event = toPaymentEvent(parseWebhook(rawBody.toString('utf8')), new Date())
 * ```
 * @module
 */
export {
  paymentRedirectUrl,
  type PaylicanRedirectConfig,
  type PaylicanRedirectTarget,
  type PaylicanRedirectOptions,
} from './redirect.js';
export { createWebhookGuard, type PaylicanGuardInput } from './guard.js';
export { parseWebhook, toPaymentEvent, PAYLICAN_ACK, type ParsedPaylicanWebhook } from './webhook.js';
export { type CreatePaymentInput, type AdditionalField, type PaylicanWebhook } from './schemas.js';
export { type PaylicanOptions, type PaylicanWebhookAuthOptions, type PaylicanWebhookAuth } from './config.js';
export type { PaylicanClient, PaylicanPaymentCreated } from './client.js';
