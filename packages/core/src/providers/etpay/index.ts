/**
 * ETpay (Chile, bank transfer): pure functions to verify and sign notification JWTs, build the payment page
 * URL, read and write session records, plus schemas and types. Usable without a paywire instance.
 *
 * @example
 * ```ts
 * import { verifyNotification, toPaymentEvent } from '@paywire/core/etpay'
 * const { claims, session } = await verifyNotification(req.body, { session: (token) => db.etpaySessions.find(token) })
 * ```
 * @module
 */
export {
  peekNotification,
  verifyNotificationJwt,
  signNotification,
  ETPAY_JWT_ALGORITHMS,
  type EtpayJwtAlgorithm,
  type EtpayVerifyOptions,
  type EtpaySignOptions,
  type UnverifiedNotification,
} from './signature.js';
export {
  verifyNotification,
  assertMatchesSession,
  toPaymentEvent,
  type EtpayNotificationOptions,
  type VerifiedEtpayNotification,
} from './webhook.js';
export {
  sessionRedirectUrl,
  type EtpayClient,
  type EtpaySession,
  type EtpaySessionWithSignatureToken,
  type InitializeSessionOptions,
  type EtpayPaymentStatus,
} from './client.js';
export type { EtpaySessionRecord } from './sessions.js';
export { isValidRut } from './rut.js';
export {
  ETPAY_BANK_CODES,
  type EtpayBankCode,
  type EtpayMetadata,
  type EtpayNotificationClaims,
  type InitializeSessionInput,
  type CheckPaymentStatusInput,
} from './schemas.js';
export type { EtpayOptions } from './config.js';
