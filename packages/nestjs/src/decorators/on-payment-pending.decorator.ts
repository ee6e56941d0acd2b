import type { ProviderName } from '@paywire/core';
import {
  OnPaymentEvent,
  type PaymentHandlerDecorator,
  type PaymentHandlerOptions,
} from './on-payment-event.decorator.js';

/**
 * Handles `payment.pending` events: the provider has it but it is not settled yet. Shortcut for
 * `@OnPaymentEvent('payment.pending', options)`.
 *
 * @example
 * ```ts
 * import { Injectable } from '@nestjs/common'
 * import { OnPaymentPending, type PaymentEvent } from '@paywire/nestjs'
 * @Injectable()
 * export class Orders {
 *   @OnPaymentPending()                        onPending(event: PaymentEvent) {}
 *   @OnPaymentPending({ provider: 'waylet' })  onPendingWaylet(event: PaymentEvent<'waylet'>) {}
 * }
 * ```
 * @throws TypeError when `provider` is not a known provider name.
 */
export function OnPaymentPending<P extends ProviderName = ProviderName>(
  options: PaymentHandlerOptions<P> = {},
): PaymentHandlerDecorator<P> {
  return OnPaymentEvent<P>('payment.pending', options);
}
