import type { ProviderName } from '@paywire/core';
import {
  OnPaymentEvent,
  type PaymentHandlerDecorator,
  type PaymentHandlerOptions,
} from './on-payment-event.decorator.js';

/**
 * Handles `payment.paid` events: the payment is confirmed. Shortcut for `@OnPaymentEvent('payment.paid', options)`.
 *
 * @example
 * ```ts
 * import { Injectable } from '@nestjs/common'
 * import { OnPaymentPaid, type PaymentEvent } from '@paywire/nestjs'
 * @Injectable()
 * export class Orders {
 *   @OnPaymentPaid()                        onPaid(event: PaymentEvent) {}
 *   @OnPaymentPaid({ provider: 'waylet' })  onPaidWaylet(event: PaymentEvent<'waylet'>) {}
 * }
 * ```
 * @throws TypeError when `provider` is not a known provider name.
 */
export function OnPaymentPaid<P extends ProviderName = ProviderName>(
  options: PaymentHandlerOptions<P> = {},
): PaymentHandlerDecorator<P> {
  return OnPaymentEvent<P>('payment.paid', options);
}
