/**
 * `@paywire/nestjs`: `PaymentsModule`, `@OnPaymentPaid()`-style handlers and an injectable paywire client.
 * @module
 */
export { PaymentsModule } from './payments.module.js';
export type {
  PaymentsModuleExtras,
  PaymentsModuleForRootOptions,
  PaymentsModuleAsyncOptions,
} from './payments.module-definition.js';
export { PAYMENTS_MODULE_OPTIONS } from './payments.module-definition.js';
export type {
  PaymentsModuleOptions,
  PaymentsOptionsFactory,
  PaymentsWebhookOptions,
} from './interfaces/payments-module-options.interface.js';
export type { PaymentHandlerMetadata } from './interfaces/payment-handler-metadata.interface.js';
export { PAYWIRE, DEFAULT_WEBHOOK_PATH } from './payments.constants.js';
export { nestLoggerAdapter } from './nest-logger.adapter.js';
export {
  OnPaymentEvent,
  type PaymentHandlerOptions,
  type PaymentHandlerDecorator,
} from './decorators/on-payment-event.decorator.js';
export { OnPaymentPaid } from './decorators/on-payment-paid.decorator.js';
export { OnPaymentFailed } from './decorators/on-payment-failed.decorator.js';
export { OnPaymentCanceled } from './decorators/on-payment-canceled.decorator.js';
export { OnPaymentPending } from './decorators/on-payment-pending.decorator.js';
export { OnPaymentRefunded } from './decorators/on-payment-refunded.decorator.js';
export { InjectPaywire } from './decorators/inject-paywire.decorator.js';
export type { Paywire, PaymentEvent, PaymentEventType, ProviderName } from '@paywire/core';
