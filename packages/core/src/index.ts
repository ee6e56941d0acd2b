/**
 * `@paywire/core`: framework-free payment gateway toolkit.
 * @module
 */
export {
  createPaywire,
  type Paywire,
  type PaywireBase,
  type PaywireOptions,
  type PaywireWebhooks,
  type PaywirePayments,
  type LedgerOptions,
  type ProvidersOptions,
  type ClientOf,
} from './paywire.js';
export {
  PaywireError,
  ConfigError,
  InputError,
  WebhookError,
  ProviderApiError,
  ProviderCallError,
  StoreError,
  isPaywireError,
  ERROR_CODES,
  type AnyPaywireError,
  type PaywireErrorFor,
  type PaywireErrorCode,
  type ConfigErrorCode,
  type InputErrorCode,
  type WebhookErrorCode,
  type ProviderCallErrorCode,
  type StoreErrorCode,
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
export type {
  EventSelector,
  HandlerFilter,
  HandlerOptions,
  PaymentEventHandler,
  PaymentContext,
  PaymentContextTypes,
  PaymentTransaction,
} from './webhooks/handlers.js';
export { canMove } from './stores/ledger.js';
export type { WebhookRequest, WebhookReply, WebhookOutcome, WebhookOptions } from './webhooks/types.js';
export { assertWebhookMediaType, readWebhookBody, WEBHOOK_MEDIA_TYPES } from './webhooks/node-request.js';
export { DEFAULT_MAX_BODY_BYTES, webhookErrorReply, writeWebhookReply } from './webhooks/http-reply.js';
export {
  handleNodeWebhook,
  webhookBody,
  webhookPreflight,
  type NodeWebhookRequest,
  type NodeWebhookSettings,
  type NodeWebhookTarget,
  type WebhookHost,
} from './webhooks/node-endpoint.js';
export {
  resolveAdapterOptions,
  parseLimit,
  requestState,
  type PaywireRequestState,
  type WebhookAdapterOptions,
  type PaymentWebhookHandlers,
  type ResolvedAdapterOptions,
  type ResolvedWebhookRoute,
} from './webhooks/adapter-options.js';
export type { FetchWebhookHandler, FetchWebhookOptions } from './webhooks/fetch.js';
export type { TelemetryOptions } from './webhooks/telemetry-options.js';
export type { UnknownProviderEvent } from './providers/types.js';
export { memoryStore, type MemoryStore, type MemoryStoreOptions } from './stores/memory.js';
export type {
  PaywireStore,
  ClaimResult,
  PaymentStatus,
  PaymentHistoryEntry,
  PaymentRecord,
  VersionedPaymentRecord,
  TransactionalStore,
  StoreTransaction,
} from './stores/types.js';
export type { HttpOptions } from './lib/http.js';
export { consoleLogger, type PaywireLogger } from './lib/logger.js';
export { systemClock, type Clock } from './lib/clock.js';
export type {
  WayletClient,
  WayletOptions,
  WayletVerifyOptions,
  StartPaymentInput as WayletStartPaymentInput,
} from './providers/waylet/index.js';
export type {
  PaykassmaClient,
  PaykassmaOptions,
  ActivationResult as PaykassmaActivationResult,
  PaykassmaUrlHasher,
  CreateTransactionInput as PaykassmaCreateTransactionInput,
  ActivateTransactionInput as PaykassmaActivateTransactionInput,
  PaymentWindowInput as PaykassmaPaymentWindowInput,
  PaykassmaRawEvent,
} from './providers/paykassma/index.js';
export type {
  PaylicanClient,
  PaylicanOptions,
  PaylicanPaymentCreated,
  PaylicanWebhookAuthOptions,
  PaylicanRedirectTarget,
  PaylicanRedirectOptions,
  CreatePaymentInput as PaylicanCreatePaymentInput,
} from './providers/paylican/index.js';
export type {
  EtpayClient,
  EtpayOptions,
  EtpaySession,
  EtpaySessionWithSignatureToken,
  InitializeSessionOptions as EtpayInitializeSessionOptions,
  EtpayPaymentStatus,
  InitializeSessionInput as EtpayInitializeSessionInput,
  CheckPaymentStatusInput as EtpayCheckPaymentStatusInput,
} from './providers/etpay/index.js';
export { DOCTOR_HEADER, DOCTOR_PAYMENT_PREFIX } from './webhooks/doctor.js';
