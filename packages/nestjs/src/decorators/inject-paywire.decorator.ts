import { Inject } from '@nestjs/common';
import { PAYWIRE } from '../payments.constants.js';

/**
 * Injects the {@link Paywire} instance that `PaymentsModule` created, to call provider clients from services.
 *
 * @example
 * ```ts
 * import { Injectable } from '@nestjs/common'
 * import { InjectPaywire, type Paywire } from '@paywire/nestjs'
 * @Injectable()
 * export class Checkout {
 *   constructor(@InjectPaywire() private readonly paywire: Paywire<'waylet'>) {}
 *   start(orderId: string, customer: string) {
 *     return this.paywire.waylet.startPayment({ paymentId: orderId, amount: 300, customer })
 *   }
 * }
 * ```
 */
export function InjectPaywire(): PropertyDecorator & ParameterDecorator {
  return Inject(PAYWIRE);
}
