import 'reflect-metadata';
import type { PaymentHandlerMetadata } from './interfaces/payment-handler-metadata.interface.js';
import { PAYMENT_EVENT_HANDLER } from './payments.constants.js';

/**
 * Reads what the payment decorators recorded on a method. Internal.
 *
 * @example
 * ```ts
 * import { OnPaymentPaid } from '@paywire/nestjs'
 * import { getPaymentHandlerMetadata } from './payments-metadata.accessor.js'
 * class Orders {
 *   @OnPaymentPaid() onPaid() {}
 * }
 * const handlers = getPaymentHandlerMetadata(Orders.prototype.onPaid) // [{ types: ['payment.paid'] }]
 * ```
 */
export function getPaymentHandlerMetadata(method: unknown): readonly PaymentHandlerMetadata[] {
  if (typeof method !== 'function') return [];
  return (Reflect.getMetadata(PAYMENT_EVENT_HANDLER, method) as PaymentHandlerMetadata[] | undefined) ?? [];
}
