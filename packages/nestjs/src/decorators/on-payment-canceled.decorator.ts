import type { ProviderName } from '@paywire/core';
import {
  OnPaymentEvent,
  type PaymentHandlerDecorator,
  type PaymentHandlerOptions,
} from './on-payment-event.decorator.js';

/**
 * Handles `payment.canceled` events: the payer or merchant canceled it. Shortcut for
 * `@OnPaymentEvent('payment.canceled', options)`.
 *
 * @example
 * ```ts
 * import { Injectable } from '@nestjs/common'
 * import { OnPaymentCanceled, type PaymentEvent } from '@paywire/nestjs'
 * @Injectable()
 * export class Orders {
 *   @OnPaymentCanceled()                        onCanceled(event: PaymentEvent) {}
 *   @OnPaymentCanceled({ provider: 'waylet' })  onCanceledWaylet(event: PaymentEvent<'waylet'>) {}
 * }
 * ```
 * @throws TypeError when `provider` is not a known provider name.
 */
export function OnPaymentCanceled<P extends ProviderName = ProviderName>(
  options: PaymentHandlerOptions<P> = {},
): PaymentHandlerDecorator<P> {
  return OnPaymentEvent<P>('payment.canceled', options);
}
