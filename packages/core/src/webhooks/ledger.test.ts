import { describe, expect, it } from 'vitest';
import { silentLogger as silent, useMockAgent } from '../__test-support__/index.js';
import { createPaywire, memoryStore, type PaymentEvent, type PaymentRecord, type PaywireStore } from '../index.js';
import { testing } from '../testing/index.js';

const origin = 'http://waylet.test';
const secret = 'sec-123456';
const waylet = {
  baseUrl: `${origin}/api`,
  apiKey: 'key-123456',
  commerceId: 'commerce-1',
  secret,
  callbackUrl: 'https://shop.test/webhooks/waylet',
};
const paylicanToken = 'guard-token-123456';
const paylican = {
  keycloakUrl: 'http://kc.test',
  paymentUrl: 'http://pay.test',
  username: 'u',
  password: 'p',
  webhookAuth: { token: paylicanToken },
};
const mock = useMockAgent();

function setup(webhooks: Parameters<typeof createPaywire>[0]['webhooks'] = {}, clock = { now: () => Date.now() }) {
  const paywire = createPaywire({
    providers: { waylet, paylican },
    logger: silent,
    clock,
    webhooks,
    http: { dispatcher: mock.agent },
  });
  const seen: PaymentEvent[] = [];
  paywire.on('*', (e) => void seen.push(e));
  const post = (rawBody: string) => paywire.webhooks.handle({ provider: 'waylet', rawBody });
  return { paywire, seen, post };
}

const start = (id: string) =>
  mock.agent
    .get(origin)
    .intercept({ path: '/api/integrations/openwaylet/v1/payments/start', method: 'POST' })
    .reply(201, { _id: id });

describe('the payment ledger', () => {
  it('takes the replay of a terminal event after the dedup TTL for a duplicate', async () => {
    let t = Date.parse('2026-03-01T12:00:00Z');
    const { paywire, seen, post } = setup({ dedupTtlMs: 60_000 }, { now: () => t });
    const paid = testing.waylet.callback(
      { paymentId: 'order-7', wayletPaymentId: 'w7', status: 'PAID', amount: 300 },
      { secret },
    );
    expect((await post(paid.body)).outcome).toBe('processed');
    t += 60_001; // the done marker has expired
    const replay = await post(paid.body);
    expect([replay.status, replay.outcome, replay.body]).toEqual([200, 'duplicate', '{}']);
    expect(seen).toHaveLength(1);
    const record = await paywire.payments.get('waylet', 'order-7');
    expect(record).toMatchObject({
      provider: 'waylet',
      paymentId: 'order-7',
      providerPaymentId: 'w7',
      status: 'paid',
      amount: { value: '300', currency: 'EUR', unit: 'minor' },
    });
    expect(record?.history).toEqual([
      { eventId: 'waylet:w7:PAID', type: 'payment.paid', at: Date.parse('2026-03-01T12:00:00Z') },
    ]);
  });

  it('sends paid-then-pending to onStaleEvent, acknowledged as usual, and records it as stale', async () => {
    const stale: [PaymentEvent, PaymentRecord][] = [];
    const paywire = createPaywire({
      providers: { paylican },
      logger: silent,
      webhooks: { onStaleEvent: (e, r) => void stale.push([e, r]) },
    });
    const seen: string[] = [];
    paywire.on('*', (e) => void seen.push(e.type));
    const post = (rawBody: string) =>
      paywire.webhooks.handle({ provider: 'paylican', rawBody, query: { token: paylicanToken } });
    const paid = testing.paylican.webhook(
      { id: 1, type: 'invoice.paid', status: 'PAID', merchantReference: 'REF-1', invoiceId: 'INV-1' },
      { token: paylicanToken },
    );
    const pending = testing.paylican.webhook(
      { id: 2, type: 'invoice.payment_initiated', status: 'UNPAID', merchantReference: 'REF-1', invoiceId: 'INV-1' },
      { token: paylicanToken },
    );
    expect((await post(paid.body)).outcome).toBe('processed');
    const reply = await post(pending.body);
    expect([reply.status, reply.body, reply.outcome]).toEqual([200, '{"received":true}', 'stale']);
    expect(seen).toEqual(['payment.paid']);
    expect(stale).toHaveLength(1);
    expect(stale[0]?.[0]).toMatchObject({ type: 'payment.pending', paymentId: 'REF-1' });
    expect(stale[0]?.[1]).toMatchObject({
      status: 'paid',
      history: [{ eventId: 'paylican:1' }, { eventId: 'paylican:2', stale: true }],
    });
    expect((await post(pending.body)).outcome).toBe('duplicate'); // the stale event itself, redelivered
    expect(stale).toHaveLength(1);
    expect((await paywire.payments.get('paylican', 'REF-1'))?.status).toBe('paid');
  });

  it('keeps a failed payment open: a later attempt may pay it (a Paylican invoice stays payable)', async () => {
    const paywire = createPaywire({ providers: { paylican }, logger: silent });
    const seen: string[] = [];
    paywire.on('*', (e) => void seen.push(e.type));
    const post = (rawBody: string) =>
      paywire.webhooks.handle({ provider: 'paylican', rawBody, query: { token: paylicanToken } });
    const hook = (id: number, type: string, status: string) =>
      testing.paylican.webhook(
        { id, type, status, merchantReference: 'REF-F', invoiceId: 'INV-F' },
        { token: paylicanToken },
      ).body;
    expect((await post(hook(1, 'invoice.payment_error', 'UNPAID'))).outcome).toBe('processed');
    expect((await post(hook(2, 'invoice.payment_initiated', 'UNPAID'))).outcome).toBe('processed');
    expect((await post(hook(3, 'invoice.paid', 'PAID'))).outcome).toBe('processed');
    expect((await post(hook(4, 'invoice.payment_error', 'UNPAID'))).outcome).toBe('stale'); // paid is terminal
    expect(seen).toEqual(['payment.failed', 'payment.pending', 'payment.paid']);
  });

  it('concurrent paid and canceled callbacks of one payment: compare-and-set lets exactly one through', async () => {
    for (let round = 0; round < 20; round++) {
      const { paywire, seen, post } = setup();
      const id = `race-${round}`;
      const paid = testing.waylet.callback(
        { paymentId: id, wayletPaymentId: `w-${id}`, status: 'PAID' },
        { secret },
      ).body;
      const canceled = testing.waylet.callback(
        { paymentId: id, wayletPaymentId: `w-${id}`, status: 'CANCELED' },
        { secret },
      ).body;
      const outcomes = (await Promise.all([post(paid), post(canceled)])).map((r) => r.outcome).sort();
      expect(outcomes).toEqual(['processed', 'stale']);
      expect(seen).toHaveLength(1);
      const record = await paywire.payments.get('waylet', id);
      expect(record?.status).toBe(seen[0]?.type === 'payment.paid' ? 'paid' : 'canceled');
      expect(record?.history.map((h) => h.stale ?? false)).toEqual([false, true]);
    }
  });

  it('logs a stale event at info when there is no onStaleEvent hook', async () => {
    const infos: string[] = [];
    const paywire = createPaywire({ providers: { waylet }, logger: { ...silent, info: (m) => void infos.push(m) } });
    const post = (rawBody: string) => paywire.webhooks.handle({ provider: 'waylet', rawBody });
    expect(
      (
        await post(
          testing.waylet.callback({ paymentId: 'o-9', wayletPaymentId: 'w9', status: 'PAID' }, { secret }).body,
        )
      ).outcome,
    ).toBe('processed');
    expect(
      (
        await post(
          testing.waylet.callback({ paymentId: 'o-9', wayletPaymentId: 'w9', status: 'CANCELED' }, { secret }).body,
        )
      ).outcome,
    ).toBe('stale');
    expect(infos.some((m) => /stale waylet payment\.canceled .* is paid/.test(m))).toBe(true);
  });

  it('refuses a re-split Waylet callback (1001 + abc → 100 + 1abc) after 200,000 other events', async () => {
    const keys = { accessKey: 'ak-ledger-1234', privateKey: 'pk-ledger-1234' };
    const paykassma = {
      apiUrl: 'http://127.0.0.1:9',
      pluginUrl: 'https://plugin.test',
      apiSecret: 'api-secret-1234',
      postbackAccessKey: keys.accessKey,
      postbackPrivateKey: keys.privateKey,
      // big batches keep this test fast; the default bounds a postback at 100 transactions and 64 KiB
      maxTransactions: 1_000,
      maxPostbackBytes: 1 << 20,
    };
    const paywire = createPaywire({
      providers: { waylet, paykassma },
      logger: silent,
      http: { dispatcher: mock.agent },
    });
    const seen: PaymentEvent[] = [];
    paywire.on('*', (e) => void seen.push(e));
    start('xyz');
    start('abc');
    await paywire.waylet.startPayment({ customer: 'c', amount: 300, paymentId: '100' });
    await paywire.waylet.startPayment({ customer: 'c', amount: 300, paymentId: '1001' });
    const genuine = testing.waylet.callback(
      { paymentId: '1001', wayletPaymentId: 'abc', status: 'PAID', amount: 300 },
      { secret },
    );
    expect((await paywire.webhooks.handle({ provider: 'waylet', rawBody: genuine.body })).outcome).toBe('processed');
    // 200,000 other verified events (200 signed postbacks of 1,000 deposits each): each takes a dedup record and a
    // ledger record
    for (let batch = 0; batch < 200; batch++) {
      const transactions = Array.from({ length: 1_000 }, (_, i) => ({
        transaction_id: `${batch * 1_000 + i + 1}`,
        custom_id: `dep-${batch}-${i}`,
      }));
      const reply = await paywire.webhooks.handle({
        provider: 'paykassma',
        rawBody: testing.paykassma.postback({ transactions }, keys).body,
      });
      if (reply.outcome !== 'processed') throw new Error(`postback ${batch}: ${reply.outcome}`);
    }
    expect(seen).toHaveLength(200_001);
    const shifted = JSON.stringify({ ...genuine.json, paymentId: '100', wayletPaymentId: '1abc' });
    const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody: shifted });
    expect([reply.status, reply.error?.code]).toEqual([401, 'ERR_PAYMENT_MISMATCH']);
    expect(seen.filter((e) => e.paymentId === '100')).toEqual([]);
  }, 180_000);

  it('binds a web-flow payment (createWebTransaction by externalId): other ids or amount are refused', async () => {
    const { paywire, seen, post } = setup();
    mock.agent
      .get(origin)
      .intercept({ path: '/api/openwaylet/web/v1/transactions', method: 'POST' })
      .reply(200, { url: 'https://waylet.test/pay/1' });
    await paywire.waylet.createWebTransaction({
      externalId: 'web-1',
      amount: 450,
      urlOk: 'https://shop.test/ok',
      urlKo: 'https://shop.test/ko',
      urlClose: 'https://shop.test/close',
    });
    expect(await paywire.payments.get('waylet', 'web-1')).toMatchObject({
      status: 'pending',
      amount: { value: '450', unit: 'minor' },
    });
    const cheaper = testing.waylet.callback(
      { paymentId: 'web-1', wayletPaymentId: 'w-web', status: 'PAID', amount: 300 },
      { secret },
    );
    expect((await post(cheaper.body)).error?.code).toBe('ERR_PAYMENT_MISMATCH');
    const genuine = testing.waylet.callback(
      { paymentId: 'web-1', wayletPaymentId: 'w-web', status: 'PAID', amount: 450 },
      { secret },
    );
    expect((await post(genuine.body)).outcome).toBe('processed');
    expect((await paywire.payments.get('waylet', 'web-1'))?.providerPaymentId).toBe('w-web'); // bound by the first callback
    const otherId = testing.waylet.callback(
      { paymentId: 'web-1', wayletPaymentId: 'w-other', status: 'CANCELED', amount: 450 },
      { secret },
    );
    const reply = await post(otherId.body);
    expect([reply.status, reply.error?.code]).toEqual([401, 'ERR_PAYMENT_MISMATCH']);
    expect(seen.map((e) => e.paymentId)).toEqual(['web-1']);
  });

  it('checks the Waylet binding on the ledger read that applies the event: one read per delivery', async () => {
    const inner = memoryStore();
    const calls: string[] = [];
    const store: PaywireStore = {
      ...inner,
      getPayment: (...args) => (calls.push('getPayment'), inner.getPayment(...args)),
      putPayment: (...args) => (calls.push('putPayment'), inner.putPayment(...args)),
    };
    const paywire = createPaywire({ providers: { waylet }, store, logger: silent });
    const seen: string[] = [];
    paywire.on('payment.paid', (e) => void seen.push(e.paymentId ?? ''));
    const paid = testing.waylet.callback(
      { paymentId: 'o-9', wayletPaymentId: 'w9', status: 'PAID', amount: 300 },
      { secret },
    );
    expect((await paywire.webhooks.handle({ provider: 'waylet', rawBody: paid.body })).outcome).toBe('processed');
    expect(calls).toEqual(['getPayment', 'putPayment']);
    calls.length = 0;
    // another Waylet id for order o-9 (what a re-split callback looks like once verified)
    const other = testing.waylet.callback(
      { paymentId: 'o-9', wayletPaymentId: 'w9x', status: 'PAID', amount: 300 },
      { secret },
    );
    const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody: other.body });
    expect([reply.status, reply.outcome, reply.error?.code, reply.events]).toEqual([
      401,
      'rejected',
      'ERR_PAYMENT_MISMATCH',
      [],
    ]);
    expect(calls).toEqual(['getPayment']); // refused on that read: nothing written
    expect(seen).toEqual(['o-9']);
  });

  it("unknownPayments: 'reject' refuses callbacks of payments the ledger never saw", async () => {
    const { paywire, seen, post } = setup({ unknownPayments: 'reject' });
    start('w-known');
    await paywire.waylet.startPayment({ customer: 'c', amount: 300, paymentId: 'known' });
    const unknown = await post(
      testing.waylet.callback({ paymentId: 'never-started', status: 'PAID' }, { secret }).body,
    );
    expect([unknown.status, unknown.error?.code, unknown.outcome]).toEqual([401, 'ERR_PAYMENT_UNKNOWN', 'rejected']);
    const known = await post(
      testing.waylet.callback(
        { paymentId: 'known', wayletPaymentId: 'w-known', status: 'PAID', amount: 300 },
        { secret },
      ).body,
    );
    expect(known.outcome).toBe('processed');
    expect(seen.map((e) => e.paymentId)).toEqual(['known']);
  });

  it("unknownPayments defaults to 'accept': the callback is dispatched and recorded", async () => {
    const { paywire, post } = setup();
    expect(
      (
        await post(
          testing.waylet.callback({ paymentId: 'elsewhere', wayletPaymentId: 'w-e', status: 'REFUSED' }, { secret })
            .body,
        )
      ).outcome,
    ).toBe('processed');
    expect(await paywire.payments.get('waylet', 'elsewhere')).toMatchObject({
      status: 'failed',
      providerPaymentId: 'w-e',
    });
    expect(await paywire.payments.get('waylet', 'nope')).toBeUndefined();
  });
});
