import { readFileSync } from 'node:fs';
import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { silentLogger as silent, useMockAgent } from '../../__test-support__/index.js';
import { createPaywire, memoryStore, type Clock, type PaymentEvent, type PaywireStore } from '../../index.js';
import { testing } from '../../testing/index.js';

const origin = 'http://etpay-api.test';
const apiToken = 'MerchantApiTok3n-never-printed';
const etpay = { apiUrl: origin, pmtUrl: 'https://pmt.test', merchantCode: 'cl_shop', merchantApiToken: apiToken };

const mock = useMockAgent();

function setup(options: { store?: PaywireStore; clock?: Clock; config?: Record<string, unknown> } = {}) {
  const clock = options.clock ?? { now: () => Date.now() };
  const store = options.store ?? memoryStore({ clock });
  const paywire = createPaywire({
    providers: { etpay: { ...etpay, ...options.config } },
    store,
    clock,
    logger: silent,
    http: { dispatcher: mock.agent, retries: 0 },
  });
  const seen: PaymentEvent[] = [];
  paywire.on('*', (e) => {
    seen.push(e);
  });
  const post = (body: string) =>
    paywire.webhooks.handle({ provider: 'etpay', rawBody: body, headers: { 'content-type': 'application/json' } });
  return { paywire, store, seen, post };
}

const errorCode = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

describe('etpay notification through webhooks.handle', () => {
  it('accepts the python3-signed fixture and attaches the stored order id and CLP amount', async () => {
    const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/python-hs256.json', import.meta.url), 'utf8')) as {
      jwt: string;
      signatureToken: string;
      claims: Record<string, unknown>;
    };
    const { store, seen, post } = setup();
    await testing.etpay.storeSession(store, {
      sessionToken: 'pySession0001',
      signatureToken: fixture.signatureToken,
      merchantOrderId: 'PY1',
      orderAmount: 4990,
    });
    const reply = await post(JSON.stringify({ payment: fixture.jwt }));
    expect(reply).toMatchObject({
      status: 200,
      body: 'ok',
      outcome: 'processed',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual({
      id: 'etpay:pySession0001:success',
      provider: 'etpay',
      type: 'payment.paid',
      paymentId: 'PY1',
      providerPaymentId: 'pyPayment0001',
      amount: { value: '4990', currency: 'CLP', unit: 'major' },
      occurredAt: new Date(1767225600 * 1000),
      receivedAt: expect.any(Date),
      source: 'webhook',
      raw: fixture.claims,
    });
  });

  it('maps any status but success to payment.failed with the status as failure code', async () => {
    const { store, seen, post } = setup();
    const session = await testing.etpay.storeSession(store, testing.etpay.session({ orderAmount: 2500 }));
    const d = await testing.etpay.notification({ ...session, paymentStatus: 'rejected', paymentToken: null });
    expect((await post(d.body)).status).toBe(200);
    expect(seen[0]).toMatchObject({
      type: 'payment.failed',
      failure: { code: 'rejected' },
      id: `etpay:${session.sessionToken}:rejected`,
      paymentId: session.merchantOrderId,
    });
    expect(seen[0]?.providerPaymentId).toBeUndefined();
  });

  it("refuses alg none, RS256, another session's key, an expired token and an unknown session, each with its own code", async () => {
    const { store, seen, post } = setup();
    const mine = await testing.etpay.storeSession(store, testing.etpay.session());
    const other = await testing.etpay.storeSession(store, testing.etpay.session());
    const { privateKey } = await generateKeyPair('RS256');
    const rs256 = await new SignJWT({ session_token: mine.sessionToken, payment_status: 'success' })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey);
    const cases: [string, string, string][] = [
      ['alg none', (await testing.etpay.notification({ ...mine, alg: 'none' })).body, 'ERR_TOKEN_ALGORITHM'],
      ['RS256', JSON.stringify({ payment: rs256 }), 'ERR_TOKEN_ALGORITHM'],
      [
        'other session key',
        (await testing.etpay.notification({ sessionToken: mine.sessionToken, signatureToken: other.signatureToken }))
          .body,
        'ERR_SIGNATURE_INVALID',
      ],
      [
        'expired',
        (await testing.etpay.notification({ ...mine, exp: Math.floor(Date.now() / 1000) - 3600 })).body,
        'ERR_TOKEN_EXPIRED',
      ],
      ['unknown session', (await testing.etpay.notification(testing.etpay.session())).body, 'ERR_SESSION_UNKNOWN'],
    ];
    for (const [name, body, code] of cases) {
      const reply = await post(body);
      expect(reply.status, name).toBe(401);
      expect(reply.outcome, name).toBe('rejected');
      expect(errorCode(reply.body), name).toBe(code);
    }
    expect(seen).toHaveLength(0);
  });

  it('verifies on a second instance a session created by the first, when they share a store', async () => {
    const shared = memoryStore();
    const a = setup({ store: shared });
    const b = setup({ store: shared });
    const alone = setup();
    mock.agent
      .get(origin)
      .intercept({ path: '/session/initialize', method: 'POST' })
      .reply(200, { token: 'multi-1', signature_token: 'sig-multi-1' });
    const session = await a.paywire.etpay.initializeSession(
      { merchantOrderId: 'M1', orderAmount: 7000 },
      { includeSignatureToken: true },
    );
    const d = await testing.etpay.notification({ ...session, paymentToken: 'pt-m1' });
    const reply = await b.post(d.body);
    expect(reply.status).toBe(200);
    expect(b.seen[0]).toMatchObject({
      type: 'payment.paid',
      paymentId: 'M1',
      providerPaymentId: 'pt-m1',
      amount: { value: '7000', currency: 'CLP' },
    });
    const lonely = await alone.post(d.body);
    expect(lonely.status).toBe(401);
    expect(errorCode(lonely.body)).toBe('ERR_SESSION_UNKNOWN');
    expect(a.seen).toHaveLength(0);
  });

  it('reads exp and the session TTL from the paywire clock', async () => {
    let t = Date.parse('2026-03-01T12:00:00Z');
    const { store, seen, post } = setup({ clock: { now: () => t }, config: { sessionTtlMs: 3_600_000 } });
    const session = await testing.etpay.storeSession(store, testing.etpay.session(), { ttlMs: 3_600_000 });
    const exp = t / 1000 + 60;
    expect((await post((await testing.etpay.notification({ ...session, exp, paymentToken: 'p1' })).body)).status).toBe(
      200,
    );
    t += 85_000; // 25 s past exp: inside the 30 s tolerance (verified; the same session's payment, so a duplicate)
    expect(await post((await testing.etpay.notification({ ...session, exp, paymentToken: 'p2' })).body)).toMatchObject({
      status: 200,
      outcome: 'duplicate',
    });
    t += 10_000;
    const late = await post((await testing.etpay.notification({ ...session, exp, paymentToken: 'p3' })).body);
    expect(errorCode(late.body)).toBe('ERR_TOKEN_EXPIRED');
    t += 3_600_000;
    const gone = await post((await testing.etpay.notification({ ...session, paymentToken: 'p4' })).body);
    expect(errorCode(gone.body)).toBe('ERR_SESSION_UNKNOWN');
    // p2 is accepted (inside the tolerance) but, as a second success of an already paid order, it is stale (#12)
    expect(seen.map((e) => e.providerPaymentId)).toEqual(['p1']);
  });

  it('refuses order id or amount claims that disagree with the stored session (422)', async () => {
    const { store, seen, post } = setup();
    const session = await testing.etpay.storeSession(
      store,
      testing.etpay.session({ merchantOrderId: 'X1', orderAmount: 1000 }),
    );
    for (const claims of [{ merchantOrderId: 'X2' }, { orderAmount: 1001 }, { orderAmount: '10.00' }]) {
      const reply = await post((await testing.etpay.notification({ ...session, ...claims })).body);
      expect(reply.status, JSON.stringify(claims)).toBe(422);
      expect(errorCode(reply.body)).toBe('ERR_PAYMENT_MISMATCH');
    }
    expect(seen).toHaveLength(0);
    for (const claims of [{ merchantOrderId: 'X1', orderAmount: 1000 }, { orderAmount: '1000.00' }]) {
      expect(
        (await post((await testing.etpay.notification({ ...session, ...claims })).body)).status,
        JSON.stringify(claims),
      ).toBe(200);
    }
    expect(seen).toHaveLength(1); // the second success of a paid order is acknowledged as stale (#12)
  });

  it('runs the handler once for a redelivery and acknowledges the duplicate with ok', async () => {
    const { store, seen, post } = setup();
    const session = await testing.etpay.storeSession(store, testing.etpay.session());
    const d = await testing.etpay.notification(session);
    expect((await post(d.body)).outcome).toBe('processed');
    const again = await post(d.body);
    expect(again).toMatchObject({ status: 200, body: 'ok', outcome: 'duplicate' });
    expect(seen).toHaveLength(1);
  });

  it('answers 400 to a body without a JWT, and accepts an already-parsed body', async () => {
    const { paywire, store, seen, post } = setup();
    for (const body of ['{}', '{"payment":5}', '{"payment":"abc"}', '{"payment":"a.b.c"}']) {
      const reply = await post(body);
      expect(reply.status, body).toBe(400);
      expect(errorCode(reply.body), body).toBe('ERR_PAYLOAD_INVALID');
    }
    const session = await testing.etpay.storeSession(store, testing.etpay.session());
    const d = await testing.etpay.notification(session);
    expect((await paywire.webhooks.handle({ provider: 'etpay', body: d.json })).status).toBe(200);
    expect(seen).toHaveLength(1);
  });
});

describe('etpay confirmWithApi', () => {
  function interceptStatus(status: number, answer: unknown) {
    const sent: Record<string, unknown>[] = [];
    mock.agent
      .get(origin)
      .intercept({ path: '/merchant/check_payment_status', method: 'POST' })
      .reply(status, (opts) => {
        sent.push(JSON.parse(opts.body as string));
        return answer as Record<string, unknown>;
      });
    return sent;
  }

  it('dispatches when check_payment_status agrees, asking by payment token', async () => {
    const { store, seen, post } = setup({ config: { confirmWithApi: true } });
    const session = await testing.etpay.storeSession(
      store,
      testing.etpay.session({ merchantOrderId: 'C1', orderAmount: 1500 }),
    );
    const sent = interceptStatus(200, { payment_status: 'success', merchant_order_id: 'C1', order_amount: 1500 });
    expect((await post((await testing.etpay.notification({ ...session, paymentToken: 'pt-c1' })).body)).status).toBe(
      200,
    );
    expect(sent).toEqual([{ merchant_code: 'cl_shop', merchant_api_token: apiToken, payment_token: 'pt-c1' }]);
    const bySession = interceptStatus(200, { status: 'SUCCESS' });
    expect((await post((await testing.etpay.notification({ ...session, paymentToken: null })).body)).status).toBe(200);
    expect(bySession[0]).toMatchObject({ session_token: session.sessionToken });
    expect(seen).toHaveLength(1); // verified and acknowledged, but a second success of a paid order is stale (#12)
  });

  it('answers 409 + Retry-After while check_payment_status still says pending (its records may lag), and runs no handler', async () => {
    const { store, seen, post } = setup({ config: { confirmWithApi: true } });
    const session = await testing.etpay.storeSession(
      store,
      testing.etpay.session({ merchantOrderId: 'C2', orderAmount: 1500 }),
    );
    interceptStatus(200, { payment_status: 'pending' });
    const reply = await post((await testing.etpay.notification(session)).body);
    expect([reply.status, errorCode(reply.body)]).toEqual([409, 'ERR_EVENT_IN_PROGRESS']);
    expect(reply.headers['retry-after']).toBeDefined();
    expect(seen).toHaveLength(0);
  });

  it('refuses with ERR_PAYMENT_MISMATCH (422) when ETpay disagrees, and runs no handler', async () => {
    const { store, seen, post } = setup({ config: { confirmWithApi: true } });
    const session = await testing.etpay.storeSession(
      store,
      testing.etpay.session({ merchantOrderId: 'C2', orderAmount: 1500 }),
    );
    for (const answer of [
      { payment_status: 'failed' },
      { payment_status: 'success', order_amount: 15 },
      { payment_status: 'success', merchant_order_id: 'C3' },
    ]) {
      interceptStatus(200, answer);
      const reply = await post((await testing.etpay.notification(session)).body);
      expect(reply.status, JSON.stringify(answer)).toBe(422);
      expect(errorCode(reply.body)).toBe('ERR_PAYMENT_MISMATCH');
    }
    expect(seen).toHaveLength(0);
  });

  it('answers 5xx when the API fails so ETpay redelivers, and the redelivery is processed', async () => {
    const { store, seen, post } = setup({ config: { confirmWithApi: true } });
    const session = await testing.etpay.storeSession(store, testing.etpay.session());
    const d = await testing.etpay.notification(session);
    interceptStatus(500, { error: 'down', merchant_api_token: apiToken });
    const failed = await post(d.body);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(failed.body).not.toContain(apiToken);
    mock.agent
      .get(origin)
      .intercept({ path: '/merchant/check_payment_status', method: 'POST' })
      .replyWithError(new Error('socket hang up'));
    expect((await post(d.body)).status).toBeGreaterThanOrEqual(500);
    expect(seen).toHaveLength(0);
    interceptStatus(200, { payment_status: 'success' });
    expect(await post(d.body)).toMatchObject({ status: 200, outcome: 'processed' });
    expect(seen).toHaveLength(1);
  });
});
