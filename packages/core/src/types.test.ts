/**
 * Compile-time contracts of the public types (checked by `tsc` in `pnpm test`; the runtime assertions are trivial).
 * A wrong type here fails the typecheck, not a test run.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { ProviderApiError, WebhookError } from './index.js';
import {
  createPaywire,
  isPaywireError,
  type ClientOf,
  type Paywire,
  type AnyPaywireError,
  type PaymentEvent,
  type PaywireError,
  type PaywireErrorCode,
  type ProviderName,
} from './index.js';
import type { WayletCallback } from './providers/waylet/index.js';
import { PaywireError as PaywireErrorBase } from './errors.js';
import { silentLogger as silent } from './__test-support__/index.js';

const waylet = { baseUrl: 'http://127.0.0.1:9', apiKey: 'key-1234', commerceId: 'c', secret: 'secret-1' };

describe('public types', () => {
  it('a paywire instance exposes exactly the configured providers', () => {
    const paywire = createPaywire({ providers: { waylet }, logger: silent });
    expectTypeOf(paywire.waylet.startPayment).returns.resolves.toEqualTypeOf<{ wayletPaymentId: string }>();
    // @ts-expect-error etpay is not configured on this instance
    void paywire.etpay;
  });

  it('a Paywire whose configuration is unknown (no type argument) has possibly absent clients, and client()', () => {
    const somewhere = (paywire: Paywire) => {
      expectTypeOf(paywire.waylet).toEqualTypeOf<ClientOf<'waylet'> | undefined>();
      expectTypeOf(paywire.client('waylet')).toEqualTypeOf<ClientOf<'waylet'>>();
    };
    expectTypeOf(somewhere).toBeFunction();
    const configured: Paywire<'waylet'> = createPaywire({ providers: { waylet }, logger: silent });
    const unknown: Paywire = configured; // a configured instance is usable where the configuration is unknown
    expectTypeOf(unknown).not.toBeAny();
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
      expectTypeOf(event.provider).toEqualTypeOf<'waylet'>();
      expectTypeOf(event.raw).toEqualTypeOf<WayletCallback>();
      expectTypeOf(event.type).toEqualTypeOf<'payment.paid'>();
    });
    paywire.on(['payment.failed', 'payment.canceled'], (event) => {
      expectTypeOf(event.type).toEqualTypeOf<'payment.failed' | 'payment.canceled'>();
    });
    paywire.on('*', (event) => {
      expectTypeOf(event.type).toEqualTypeOf<PaymentEvent['type']>();
    });
    // @ts-expect-error etpay is not configured on this instance
    expectTypeOf(() => paywire.on('payment.paid', { provider: 'etpay' }, () => {})).toBeFunction();
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

  it('isPaywireError(err, code) and switch (err.code) narrow to the family class and its fields', () => {
    const status = (err: unknown) => (isPaywireError(err, 'ERR_PROVIDER_API') ? err.status : undefined);
    expectTypeOf(status).returns.toEqualTypeOf<number | undefined>();
    const http = (err: unknown) => (isPaywireError(err, 'ERR_SIGNATURE_INVALID') ? err : undefined);
    expectTypeOf(http).returns.toEqualTypeOf<WebhookError<'ERR_SIGNATURE_INVALID'> | undefined>();
    const describeError = (err: AnyPaywireError): number => {
      switch (err.code) {
        case 'ERR_PROVIDER_API':
          expectTypeOf(err).toEqualTypeOf<ProviderApiError>();
          return err.status;
        case 'ERR_PROVIDER_TIMEOUT':
          expectTypeOf(err.provider).toEqualTypeOf<string>();
          return 0;
        default:
          return err.httpStatus;
      }
    };
    expectTypeOf(describeError).returns.toBeNumber();
    // @ts-expect-error paywire's errors are created through their family class, never the abstract base
    expectTypeOf(() => new PaywireErrorBase('ERR_PAYLOAD_INVALID', 'x')).toBeFunction();
  });

  it('money is text, never a number', () => {
    expectTypeOf<NonNullable<PaymentEvent['amount']>['value']>().toEqualTypeOf<string>();
  });
});
