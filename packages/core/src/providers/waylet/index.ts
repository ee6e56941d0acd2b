/**
 * Waylet (Repsol's wallet, API operated by Klikin): pure signing and verifying functions, schemas and types.
 * Usable without a paywire instance.
 *
 * @example
 * ```ts
 * import { verifyCallback, signStartPayment } from '@paywire/core/waylet'
 * const { callback } = verifyCallback(rawBody, { secret: process.env.WAYLET_SECRET! })
 * ```
 * @module
 */
export {
  signStartPayment,
  signStartQrPayment,
  signCancelPayment,
  signRefundPayment,
  signCallback,
  signatureMatches,
  type WayletSignOptions,
  type WayletSignatureEncoding,
  type AmountText,
} from './signature.js';
export { verifyCallback, toPaymentEvent, type VerifiedWayletCallback, type WayletVerifyOptions } from './webhook.js';
export {
  WAYLET_STATUSES,
  type WayletCallback,
  type WayletItem,
  type StartPaymentInput,
  type StartQrPaymentInput,
  type CreateWebTransactionInput,
  type CancelPaymentInput,
  type RefundPaymentInput,
} from './schemas.js';
export type { WayletOptions } from './config.js';
export type { WayletClient } from './client.js';
