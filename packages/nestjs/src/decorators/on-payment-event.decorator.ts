import 'reflect-metadata';
import {
  PAYMENT_EVENT_TYPES,
  PROVIDER_NAMES,
  type PaymentContext,
  type PaymentEvent,
  type PaymentEventType,
  type ProviderName,
} from '@paywire/core';
import type { PaymentHandlerMetadata } from '../interfaces/payment-handler-metadata.interface.js';
import { PAYMENT_EVENT_HANDLER } from '../payments.constants.js';

/** Second argument of `@OnPaymentEvent()` and the only argument of its shortcuts. */
export interface PaymentHandlerOptions<P extends ProviderName = ProviderName> {
  /** Only events from this provider (or these providers). It must be configured, or the app fails to start. */
  provider?: P | readonly P[];
}

/**
 * A method decorator whose method must accept the events it will receive: with `{ provider: 'waylet' }` the
 * parameter may be typed `PaymentEvent<'waylet'>`, and a parameter typed for another provider does not compile.
 * The method's second parameter, when it has one, is the handler context (`{ tx }` with `@paywire/postgres`).
 */
export type PaymentHandlerDecorator<P extends ProviderName> = <
  H extends (event: PaymentEvent<P>, context: PaymentContext) => unknown,
>(
  target: object,
  propertyKey: string | symbol,
  descriptor: TypedPropertyDescriptor<H>,
) => void;

/**
 * Marks a provider method as a handler of normalized payment events. The method is registered with
 * `paywire.on()` at bootstrap; it may be async. If it throws, the delivery answers 500 so the provider retries,
 * and the retry runs it again (make side effects idempotent per `event.id`). Several decorators may sit on one
 * method and several methods may handle one event.
 *
 * @example
 * ```ts
 * import { Injectable } from '@nestjs/common'
 * import { OnPaymentEvent, type PaymentEvent } from '@paywire/nestjs'
 * @Injectable()
 * export class Orders {
 *   @OnPaymentEvent(['payment.paid', 'payment.refunded'])
 *   onMoney(event: PaymentEvent) {}
 *
 *   @OnPaymentEvent('payment.failed', { provider: 'waylet' })
 *   onRefused(event: PaymentEvent<'waylet'>) {}
 * }
 * ```
 * @throws TypeError when `type` is not a known event type or `provider` is not a known provider name.
 */
export function OnPaymentEvent<P extends ProviderName = ProviderName>(
  type: PaymentEventType | readonly PaymentEventType[],
  options: PaymentHandlerOptions<P> = {},
): PaymentHandlerDecorator<P> {
  const types = typeof type === 'string' ? [type] : [...type];
  for (const t of types) {
    if (!PAYMENT_EVENT_TYPES.includes(t))
      throw new TypeError(
        `@OnPaymentEvent: unknown event type "${String(t)}"; expected one of ${PAYMENT_EVENT_TYPES.join(', ')}`,
      );
  }
  if (types.length === 0) throw new TypeError('@OnPaymentEvent: name at least one event type');
  const providers =
    options.provider === undefined
      ? undefined
      : typeof options.provider === 'string'
        ? [options.provider]
        : [...options.provider];
  for (const p of providers ?? []) {
    if (!PROVIDER_NAMES.includes(p))
      throw new TypeError(
        `@OnPaymentEvent: unknown provider "${String(p)}"; expected one of ${PROVIDER_NAMES.join(', ')}`,
      );
  }
  const metadata: PaymentHandlerMetadata = providers ? { types, providers } : { types };
  return (_target, _propertyKey, descriptor) => {
    const method = descriptor.value;
    if (typeof method !== 'function') throw new TypeError('@OnPaymentEvent: decorate a method');
    const existing = (Reflect.getMetadata(PAYMENT_EVENT_HANDLER, method) as PaymentHandlerMetadata[] | undefined) ?? [];
    Reflect.defineMetadata(PAYMENT_EVENT_HANDLER, [...existing, metadata], method);
  };
}
