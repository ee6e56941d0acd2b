import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../__test-support__/index.js';
import { createPaywire, memoryStore, type PaymentEvent } from '../../index.js';
import { testing } from '../../testing/index.js';

const etpay = {
  apiUrl: 'http://etpay-api.test',
  pmtUrl: 'https://pmt.test',
  merchantCode: 'cl_shop',
  merchantApiToken: 'MerchantApiTok3n-one-payment',
};

describe('etpay: one payment, one event id', () => {
  it('a session notified with and without payment_token yields one event (the token stays the providerPaymentId)', async () => {
    const store = memoryStore();
    const paywire = createPaywire({ providers: { etpay }, store, logger: silentLogger });
    const seen: PaymentEvent[] = [];
    paywire.on('*', (e) => void seen.push(e));
    const session = await testing.etpay.storeSession(store, testing.etpay.session());
    const withToken = await testing.etpay.notification({ ...session, paymentToken: 'pt-1' });
    const withoutToken = await testing.etpay.notification({ ...session, paymentToken: null });
    const first = await paywire.webhooks.handle({ provider: 'etpay', rawBody: withoutToken.body });
    const second = await paywire.webhooks.handle({ provider: 'etpay', rawBody: withToken.body });
    expect([first.outcome, second.outcome]).toEqual(['processed', 'duplicate']);
    expect(first.events[0]?.id).toBe(second.events[0]?.id);
    expect(second.events[0]).toMatchObject({ id: `etpay:${session.sessionToken}:success`, providerPaymentId: 'pt-1' });
    expect(seen).toHaveLength(1);
  });
});
