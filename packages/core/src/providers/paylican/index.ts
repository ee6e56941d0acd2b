/**
 * Paylican (Keycloak-secured payment gateway): pure URL builders, webhook guard and parser, schemas and types.
 * Usable without a paywire instance.
 *
 * @example
 * ```ts
 * import { paymentRedirectUrl, createWebhookGuard, parseWebhook, toPaymentEvent } from '@paywire/core/paylican'
 * const url = paymentRedirectUrl({ keycloakUrl, paymentUrl }, { type: 'XYZ', merchantReference: 'REF-1234', invoiceId })
 * ```
 * @module
 */
export { paymentRedirectUrl, type PaylicanRedirectConfig, type PaylicanRedirectTarget, type PaylicanRedirectOptions } from './redirect.js';
export { createWebhookGuard, clientAddress, normalizeAddress, type PaylicanGuardInput } from './guard.js';
export { parseWebhook, classifyWebhook, toPaymentEvent, PAYLICAN_ACK, type ParsedPaylicanWebhook } from './webhook.js';
export { paylicanAmountJson } from './amount.js';
export {
  paylicanAmountSchema,
  additionalFieldSchema,
  createPaymentInputSchema,
  createPaymentResponseSchema,
  tokenResponseSchema,
  paylicanInvoiceSchema,
  paylicanWebhookSchema,
  type CreatePaymentInput,
  type AdditionalField,
  type TokenResponse,
  type PaylicanWebhook,
} from './schemas.js';
export {
  paylicanConfigSchema,
  paylicanWebhookAuthSchema,
  keycloakEndpoints,
  isIpOrCidr,
  type PaylicanOptions,
  type PaylicanConfig,
  type PaylicanWebhookAuthOptions,
  type PaylicanWebhookAuth,
} from './config.js';
export type { PaylicanClient, PaylicanPaymentCreated } from './client.js';
