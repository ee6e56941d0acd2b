import type { ProviderName } from '@paywire/core';
import {
  OnPaymentEvent,
  type PaymentHandlerDecorator,
  type PaymentHandlerOptions,
} from './on-payment-event.decorator.js';

/**
 * Handles `payment.failed` events: the payment was refused or failed. Shortcut for
 * `@OnPaymentEvent('payment.failed', options)`.
 *
 * @example
 * ```ts
 * import { Injectable } from '@nestjs/common'
 * import { OnPaymentFailed, type PaymentEvent } from '@paywire/nestjs'
 * @Injectable()
 * export class Orders {
 *   @OnPaymentFailed()                        onFailed(event: PaymentEvent) {}
 *   @OnPaymentFailed({ provider: 'waylet' })  onFailedWaylet(event: PaymentEvent<'waylet'>) {}
 * }
 * ```
 * @throws TypeError when `provider` is not a known provider name.
 */
export function OnPaymentFailed<P extends ProviderName = ProviderName>(
  options: PaymentHandlerOptions<P> = {},
): PaymentHandlerDecorator<P> {
  return OnPaymentEvent<P>('payment.failed', options);
}
