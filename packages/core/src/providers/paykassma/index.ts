/**
 * Paykassma (Wavepay and other wallets): pure postback signing and verifying, the PHP-compatible JSON encoder,
 * the payment window URL builder, event mapping, schemas and types. Usable without a paywire instance.
 *
 * @example
 * ```ts
 * import { verifyPostback, paymentWindowUrl } from '@paywire/core/paykassma'
 * const { postback } = verifyPostback(rawBody, { accessKey, privateKey })
 * ```
 * @module
 */
export {
  signPostback,
  verifyPostback,
  postbackSignatureMatches,
  type PaykassmaPostbackKeys,
  type VerifyPostbackOptions,
  type VerifiedPostback,
  type VerifiedLegacyPostback,
  type VerifiedFlatPostback,
} from './signature.js';
export { paymentWindowUrl, type PaymentWindowOptions } from './payment-window.js';
export { postbackEvents, parsePaykassmaDatetime, type PostbackMapping, type PostbackEventOptions } from './events.js';
export { PAYKASSMA_ACK } from './webhook.js';
export {
  type PaykassmaFlatPostback,
  type PaykassmaVerification,
  type CreateTransactionInput,
  type ActivateTransactionInput,
  type PaymentWindowInput,
  type PaykassmaPostback,
  type PaykassmaPostbackTransaction,
  type PaykassmaActivationRequest,
  type PaykassmaRawEvent,
} from './schemas.js';
export {
  PAYKASSMA_SIGNATURE_SCHEMES,
  type PaykassmaSignatureScheme,
  type PaykassmaOptions,
  type PaykassmaUrlHasher,
} from './config.js';
export type { PaykassmaClient, ActivationResult } from './client.js';
