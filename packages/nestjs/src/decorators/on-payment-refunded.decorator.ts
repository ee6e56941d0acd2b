import type { ProviderName } from '@paywire/core';
import {
  OnPaymentEvent,
  type PaymentHandlerDecorator,
  type PaymentHandlerOptions,
} from './on-payment-event.decorator.js';

/**
 * Handles `payment.refunded` events: money went back to the payer. Shortcut for
 * `@OnPaymentEvent('payment.refunded', options)`.
 *
 * @example
 * ```ts
 * import { Injectable } from '@nestjs/common'
 * import { OnPaymentRefunded, type PaymentEvent } from '@paywire/nestjs'
 * @Injectable()
 * export class Orders {
 *   @OnPaymentRefunded()                        onRefunded(event: PaymentEvent) {}
 *   @OnPaymentRefunded({ provider: 'waylet' })  onRefundedWaylet(event: PaymentEvent<'waylet'>) {}
 * }
 * ```
 * @throws TypeError when `provider` is not a known provider name.
 */
export function OnPaymentRefunded<P extends ProviderName = ProviderName>(
  options: PaymentHandlerOptions<P> = {},
): PaymentHandlerDecorator<P> {
  return OnPaymentEvent<P>('payment.refunded', options);
}
