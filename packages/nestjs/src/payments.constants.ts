/**
 * Injection token of the {@link Paywire} instance that `PaymentsModule` creates. Prefer `@InjectPaywire()`.
 *
 * @example
 * ```ts
 * import { Inject, Injectable } from '@nestjs/common'
 * import { PAYWIRE, type Paywire } from '@paywire/nestjs'
 * @Injectable()
 * export class Checkout {
 *   constructor(@Inject(PAYWIRE) private readonly paywire: Paywire) {}
 * }
 * ```
 */
export const PAYWIRE = Symbol.for('@paywire/nestjs:paywire');

/** Metadata key under which `@OnPaymentEvent()` and its shortcuts store their handler definitions. */
export const PAYMENT_EVENT_HANDLER = '@paywire/nestjs:payment-event-handler';

/** Where the webhook endpoint is mounted when `webhooks.path` is not set. */
export const DEFAULT_WEBHOOK_PATH = 'payments/webhooks';
