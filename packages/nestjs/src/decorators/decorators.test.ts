import { describe, expect, it } from 'vitest';
import type { PaymentEvent } from '@paywire/core';
import { getPaymentHandlerMetadata } from '../payments-metadata.accessor.js';
import { OnPaymentCanceled } from './on-payment-canceled.decorator.js';
import { OnPaymentEvent } from './on-payment-event.decorator.js';
import { OnPaymentFailed } from './on-payment-failed.decorator.js';
import { OnPaymentPaid } from './on-payment-paid.decorator.js';
import { OnPaymentPending } from './on-payment-pending.decorator.js';
import { OnPaymentRefunded } from './on-payment-refunded.decorator.js';

class Handlers {
  @OnPaymentPaid()
  @OnPaymentRefunded({ provider: ['waylet', 'etpay'] })
  stacked(_event: PaymentEvent): void {}

  @OnPaymentFailed({ provider: 'waylet' })
  refused(_event: PaymentEvent<'waylet'>): void {}

  @OnPaymentCanceled()
  @OnPaymentPending()
  async unsettled(): Promise<void> {}

  plain(): void {}
}

// compile-time checks (never called): a handler's parameter must accept every event its filter lets through
export function typeChecks(): void {
  class TypeChecks {
    @OnPaymentPaid({ provider: 'paylican' })
    narrowed(_event: PaymentEvent<'paylican'>): void {}

    // @ts-expect-error a Waylet-typed parameter cannot take events from every provider
    @OnPaymentPaid()
    tooNarrow(_event: PaymentEvent<'waylet'>): void {}

    // @ts-expect-error the filter lets ETpay events through, the parameter wants Waylet ones
    @OnPaymentPaid({ provider: 'etpay' })
    wrongProvider(_event: PaymentEvent<'waylet'>): void {}
  }
  // @ts-expect-error not an event type
  OnPaymentEvent('payment.settled');
  void TypeChecks;
}

describe('payment handler decorators', () => {
  it('record one definition per decorator, in application order (bottom-up), on the method', () => {
    expect(getPaymentHandlerMetadata(Handlers.prototype.stacked)).toEqual([
      { types: ['payment.refunded'], providers: ['waylet', 'etpay'] },
      { types: ['payment.paid'] },
    ]);
    expect(getPaymentHandlerMetadata(Handlers.prototype.refused)).toEqual([
      { types: ['payment.failed'], providers: ['waylet'] },
    ]);
    expect(getPaymentHandlerMetadata(Handlers.prototype.unsettled).map((m) => m.types)).toEqual([
      ['payment.pending'],
      ['payment.canceled'],
    ]);
    expect(getPaymentHandlerMetadata(Handlers.prototype.plain)).toEqual([]);
  });

  it('accept a list of types', () => {
    const descriptor = { value: () => {} };
    OnPaymentEvent(['payment.paid', 'payment.refunded'])({}, 'm', descriptor);
    expect(getPaymentHandlerMetadata(descriptor.value)).toEqual([{ types: ['payment.paid', 'payment.refunded'] }]);
  });

  it('throw a TypeError for an unknown type or provider, or no type at all', () => {
    expect(() => OnPaymentEvent('payment.settled' as never)).toThrow(/unknown event type "payment.settled"/);
    expect(() => OnPaymentEvent([])).toThrow(TypeError);
    expect(() => OnPaymentPaid({ provider: 'stripe' as never })).toThrow(/unknown provider "stripe"/);
  });
});
