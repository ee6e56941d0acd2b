/**
 * Compile-time contracts of the public types (checked by `tsc` in `pnpm test`; the runtime assertions are trivial).
 * A wrong type here fails the typecheck, not a test run.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { createPaywire, type PaymentEvent, type PaywireError, type PaywireErrorCode, type ProviderName } from './index.js';
import type { WayletCallback } from './providers/waylet/index.js';
import { silentLogger as silent } from './__test-support__/index.js';

const waylet = { baseUrl: 'http://127.0.0.1:9', apiKey: 'key-1234', commerceId: 'c', secret: 'secret-1' };

describe('public types', () => {
  it('a paywire instance exposes exactly the configured providers', () => {
    const paywire = createPaywire({ providers: { waylet }, logger: silent });
    expectTypeOf(paywire.waylet.startPayment).returns.resolves.toEqualTypeOf<{ wayletPaymentId: string }>();
    // @ts-expect-error etpay is not configured on this instance
    void paywire.etpay;
  });

  it('event.raw narrows by provider', () => {
    expectTypeOf<PaymentEvent<'waylet'>['raw']>().toEqualTypeOf<WayletCallback>();
    expectTypeOf<PaymentEvent['provider']>().toEqualTypeOf<ProviderName>();
    const describe = (e: PaymentEvent) => (e.provider === 'waylet' ? e.raw.wayletPaymentId : e.provider);
    expectTypeOf(describe).returns.toBeString();
  });

  it('a provider-filtered handler receives that provider’s event', () => {
    const paywire = createPaywire({ providers: { waylet }, logger: silent });
    paywire.on('payment.paid', { provider: 'waylet' }, (event) => {
      expectTypeOf(event).toEqualTypeOf<PaymentEvent<'waylet'>>();
    });
    // @ts-expect-error not an event type
    expectTypeOf(() => paywire.on('payment.done', () => {})).toBeFunction();
  });

  it('switch (err.code) narrows to the code union', () => {
    expectTypeOf<PaywireError['code']>().toEqualTypeOf<PaywireErrorCode>();
    expectTypeOf<PaywireError<'ERR_SIGNATURE_INVALID'>['code']>().toEqualTypeOf<'ERR_SIGNATURE_INVALID'>();
    const ok = (code: PaywireErrorCode): boolean => {
      switch (code) {
        case 'ERR_PROVIDER_TIMEOUT':
          return false;
        default:
          return true;
      }
    };
    expectTypeOf(ok).parameter(0).toEqualTypeOf<PaywireErrorCode>();
  });

  it('money is text, never a number', () => {
    expectTypeOf<NonNullable<PaymentEvent['amount']>['value']>().toEqualTypeOf<string>();
  });
});
