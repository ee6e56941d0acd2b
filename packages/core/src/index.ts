/**
 * `@paywire/core`: framework-free payment gateway toolkit.
 * @module
 */
export { createPaywire, type Paywire, type PaywireBase, type PaywireOptions, type PaywireWebhooks, type ProvidersOptions, type ClientOf } from './paywire.js';
export {
  PaywireError,
  ProviderApiError,
  isPaywireError,
  ERROR_CODES,
  type PaywireErrorCode,
  type PaywireErrorOptions,
  type ProviderApiErrorOptions,
} from './errors.js';
export {
  PROVIDER_NAMES,
  PAYMENT_EVENT_TYPES,
  paymentEventSchema,
  moneySchema,
  type PaymentEvent,
  type PaymentEventType,
  type ProviderName,
  type Money,
  type ProviderRawPayloads,
  type RawPayloadOf,
} from './events.js';
export type { EventSelector, HandlerFilter, PaymentEventHandler } from './webhooks/handlers.js';
export type { WebhookRequest, WebhookReply, WebhookOutcome, WebhookOptions } from './webhooks/types.js';
export { assertWebhookMediaType, readWebhookBody, WEBHOOK_MEDIA_TYPES } from './webhooks/node-request.js';
export type { UnknownProviderEvent } from './providers/types.js';
export { memoryStore, type MemoryStoreOptions } from './stores/memory.js';
export type { PaywireStore, ClaimResult } from './stores/types.js';
export type { HttpOptions } from './lib/http.js';
export { consoleLogger, type PaywireLogger } from './lib/logger.js';
export { systemClock, type Clock } from './lib/clock.js';
export type { WayletClient, WayletOptions } from './providers/waylet/index.js';
export type { PaykassmaClient, PaykassmaOptions, ActivationResult as PaykassmaActivationResult, PaykassmaUrlHasher, CreateTransactionInput as PaykassmaCreateTransactionInput, ActivateTransactionInput as PaykassmaActivateTransactionInput, PaymentWindowInput as PaykassmaPaymentWindowInput, PaykassmaRawEvent } from './providers/paykassma/index.js';
export type { PaylicanClient, PaylicanOptions, PaylicanPaymentCreated, PaylicanWebhookAuthOptions, PaylicanRedirectTarget, PaylicanRedirectOptions, CreatePaymentInput as PaylicanCreatePaymentInput } from './providers/paylican/index.js';
export type { EtpayClient, EtpayOptions, EtpaySession, EtpayPaymentStatus, InitializeSessionInput as EtpayInitializeSessionInput, CheckPaymentStatusInput as EtpayCheckPaymentStatusInput } from './providers/etpay/index.js';
export { DOCTOR_HEADER, DOCTOR_PAYMENT_PREFIX } from './webhooks/doctor.js';
