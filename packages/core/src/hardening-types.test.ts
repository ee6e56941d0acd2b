/**
 * Compile-time contracts of issue 13's API changes (checked by `tsc`; the runtime assertions are trivial).
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  createPaywire,
  type EtpaySession,
  type PaymentEvent,
  type WebhookOutcome,
  type WebhookReply,
} from './index.js';
import { silentLogger as silent } from './__test-support__/index.js';

const etpay = {
  apiUrl: 'http://127.0.0.1:9',
  pmtUrl: 'http://127.0.0.1:9',
  merchantCode: 'm',
  merchantApiToken: 'token-1234',
};

describe('hardening types', () => {
  it('initializeSession returns the signature token only when asked for it', () => {
    const paywire = createPaywire({ providers: { etpay }, logger: silent });
    const byDefault = () => paywire.etpay.initializeSession({ merchantOrderId: 'A1', orderAmount: 1 });
    expectTypeOf(byDefault).returns.resolves.toEqualTypeOf<EtpaySession>();
    expectTypeOf<keyof EtpaySession>().toEqualTypeOf<'sessionToken' | 'redirectUrl'>();
    const withKey = () =>
      paywire.etpay.initializeSession({ merchantOrderId: 'A1', orderAmount: 1 }, { includeSignatureToken: true });
    expectTypeOf(withKey).returns.resolves.toHaveProperty('signatureToken').toEqualTypeOf<string>();
    const plain = () =>
      paywire.etpay.initializeSession({ merchantOrderId: 'A1', orderAmount: 1 }, { includeSignatureToken: false });
    // @ts-expect-error no signature token unless asked for
    expectTypeOf(plain).returns.resolves.toHaveProperty('signatureToken');
  });

  it('failure says whether it is signed; the outcome union has "error"; replies name the secret index', () => {
    expectTypeOf<NonNullable<PaymentEvent['failure']>['verified']>().toEqualTypeOf<boolean>();
    expectTypeOf<'error'>().toExtend<WebhookOutcome>();
    expectTypeOf<WebhookReply['secretIndex']>().toEqualTypeOf<number | undefined>();
  });

  it('Waylet accepts one secret or a list', () => {
    const base = { baseUrl: 'http://127.0.0.1:9', apiKey: 'key-1234', commerceId: 'c' };
    expectTypeOf(() =>
      createPaywire({ providers: { waylet: { ...base, secret: ['new-secret', 'old-secret'] } }, logger: silent }),
    ).toBeFunction();
    expectTypeOf(() =>
      createPaywire({ providers: { waylet: { ...base, secret: 'one-secret' } }, logger: silent }),
    ).toBeFunction();
  });
});
