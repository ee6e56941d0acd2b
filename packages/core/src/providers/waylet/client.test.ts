import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { silentLogger as silent, useMockAgent } from '../../__test-support__/index.js';
import { createPaywire, PaywireError, ProviderApiError } from '../../index.js';
import { testing } from '../../testing/index.js';
import { signCancelPayment, signRefundPayment, signStartPayment } from './index.js';

const origin = 'http://waylet.test';
const waylet = {
  baseUrl: `${origin}/api`,
  apiKey: 'key-123456',
  commerceId: 'commerce-1',
  secret: 'sec-123456',
  callbackUrl: 'https://shop.test/webhooks/waylet',
};

const mock = useMockAgent();

const make = (http: Record<string, unknown> = {}) =>
  createPaywire({
    providers: { waylet },
    logger: silent,
    http: { dispatcher: mock.agent, retryBaseDelayMs: 1, ...http },
  });

describe('waylet client', () => {
  it('starts a payment: API key header, signed body, 201 → wayletPaymentId', async () => {
    let sent: Record<string, unknown> | undefined;
    let apiKey: unknown;
    mock.agent
      .get(origin)
      .intercept({ path: '/api/integrations/openwaylet/v1/payments/start', method: 'POST' })
      .reply(201, (opts) => {
        sent = JSON.parse(opts.body as string);
        apiKey = (opts.headers as Record<string, string>)['x-openwaylet-apikey'];
        return { _id: 'bf48b9abf84cd8cd61cc40d7' };
      });
    const paywire = make();
    const res = await paywire.waylet.startPayment({
      customer: 'ana@example.com',
      amount: 300,
      paymentId: 'order-1',
      items: [{ units: 2, description: 'Coffee', unitPrice: 150, totalPrice: 300 }],
    });
    expect(res).toEqual({ wayletPaymentId: 'bf48b9abf84cd8cd61cc40d7' });
    expect(apiKey).toBe('key-123456');
    expect(sent).toMatchObject({
      customer: 'ana@example.com',
      amount: 300,
      commerceId: 'commerce-1',
      paymentId: 'order-1',
      callbackUrl: waylet.callbackUrl,
    });
    expect((sent?.items as unknown[])[0]).toMatchObject({ generateCashback: true });
    // the body's members in the order they have always been sent, the signature last
    expect(Object.keys(sent ?? {})).toEqual([
      'customer',
      'amount',
      'commerceId',
      'callbackUrl',
      'paymentId',
      'items',
      'signature',
    ]);
    expect(sent?.signature).toBe(
      signStartPayment(
        {
          customer: 'ana@example.com',
          amount: 300,
          commerceId: 'commerce-1',
          paymentId: 'order-1',
          callbackUrl: waylet.callbackUrl,
        },
        { secret: waylet.secret },
      ),
    );
  });

  it('turns a 4xx into ProviderApiError with the provider body, and redacts secrets', async () => {
    mock.agent
      .get(origin)
      .intercept({ path: '/api/integrations/openwaylet/v1/payments/start', method: 'POST' })
      .reply(400, { message: 'invalid signature', echo: 'sec-123456' });
    const err = await make()
      .waylet.startPayment({ customer: 'c', amount: 1, paymentId: 'p' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderApiError);
    const api = err as ProviderApiError;
    expect(api.code).toBe('ERR_PROVIDER_API');
    expect(api.status).toBe(400);
    expect(api.provider).toBe('waylet');
    expect(api.body).toEqual({ message: 'invalid signature', echo: '[REDACTED]' });
    expect(api.message).not.toContain('sec-123456');
  });

  it('times out with ERR_PROVIDER_TIMEOUT and never retries startPayment (real server on 127.0.0.1)', async () => {
    let calls = 0;
    const server = createServer((req, res) => {
      calls++;
      setTimeout(() => res.writeHead(201, { 'content-type': 'application/json' }).end('{"_id":"late"}'), 400);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const paywire = createPaywire({
        providers: { waylet: { ...waylet, baseUrl: `http://127.0.0.1:${port}/api` } },
        logger: silent,
        http: { timeoutMs: 100, retries: 3, retryBaseDelayMs: 1 },
      });
      const err = await paywire.waylet
        .startPayment({ customer: 'c', amount: 1, paymentId: 'p' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PaywireError);
      expect((err as PaywireError).code).toBe('ERR_PROVIDER_TIMEOUT');
      await new Promise((r) => setTimeout(r, 150));
      expect(calls).toBe(1);
      await paywire.close();
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('retries when the connection was refused, then succeeds', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const pool = mock.agent.get(origin);
    pool
      .intercept({ path: '/api/integrations/openwaylet/v1/payments/start', method: 'POST' })
      .replyWithError(refused)
      .times(2);
    pool
      .intercept({ path: '/api/integrations/openwaylet/v1/payments/start', method: 'POST' })
      .reply(201, { _id: 'third-time' });
    const res = await make({ retries: 2 }).waylet.startPayment({ customer: 'c', amount: 1, paymentId: 'p' });
    expect(res.wayletPaymentId).toBe('third-time');
  });

  it('gives up after the retry budget with ERR_PROVIDER_UNREACHABLE', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    mock.agent
      .get(origin)
      .intercept({ path: '/api/integrations/openwaylet/v1/payments/start', method: 'POST' })
      .replyWithError(refused)
      .times(2);
    const err = await make({ retries: 1 })
      .waylet.startPayment({ customer: 'c', amount: 1, paymentId: 'p' })
      .catch((e: unknown) => e);
    expect((err as PaywireError).code).toBe('ERR_PROVIDER_UNREACHABLE');
  });

  it('retries a 503 that carries Retry-After, but not a bare 503', async () => {
    const pool = mock.agent.get(origin);
    pool
      .intercept({ path: '/api/integrations/openwaylet/v1/payments/cancel', method: 'POST' })
      .reply(503, '', { headers: { 'retry-after': '0' } });
    pool.intercept({ path: '/api/integrations/openwaylet/v1/payments/cancel', method: 'POST' }).reply(204, '');
    await expect(make().waylet.cancelPayment({ paymentId: 'order-1' })).resolves.toBeUndefined();
    pool.intercept({ path: '/api/integrations/openwaylet/v1/payments/cancel', method: 'POST' }).reply(503, 'down');
    const err = await make()
      .waylet.cancelPayment({ paymentId: 'order-1' })
      .catch((e: unknown) => e);
    expect((err as ProviderApiError).status).toBe(503);
  });

  it('signs cancel and both refund versions', async () => {
    const bodies: Record<string, unknown>[] = [];
    const pool = mock.agent.get(origin);
    const capture = (status: number, reply: unknown) => (opts: { body?: unknown }) => {
      bodies.push(JSON.parse(opts.body as string));
      return reply;
    };
    pool
      .intercept({ path: '/api/integrations/openwaylet/v1/payments/cancel', method: 'POST' })
      .reply(204, capture(204, ''));
    pool
      .intercept({ path: '/api/integrations/openwaylet/v1/payments/refund', method: 'POST' })
      .reply(204, capture(204, ''));
    pool
      .intercept({ path: '/api/integrations/openwaylet/v2/payments/refund', method: 'POST' })
      .reply(200, capture(200, { refundedAmount: '200' }));
    const paywire = make();
    await paywire.waylet.cancelPayment({ paymentId: 'order-1' });
    expect(await paywire.waylet.refundPayment({ paymentId: 'order-1', amount: 200, apiVersion: 'v1' })).toEqual({
      refundedAmount: undefined,
    });
    expect(await paywire.waylet.refundPayment({ paymentId: 'order-1', amount: '200' })).toEqual({
      refundedAmount: '200',
    });
    const opts = { secret: waylet.secret };
    expect(bodies[0]?.signature).toBe(signCancelPayment({ commerceId: 'commerce-1', paymentId: 'order-1' }, opts));
    expect(bodies[1]).toMatchObject({
      amount: '200',
      signature: signRefundPayment({ amount: '200', commerceId: 'commerce-1', paymentId: 'order-1' }, opts),
    });
    expect(bodies[2]?.signature).toBe(bodies[1]?.signature);
  });

  it('refuses a captured callback re-split onto another order (order-1 + 2bf4… → order-12 + bf4…)', async () => {
    const wayletPaymentId = '2bf48a0c1d2e3f4a5b6c7d8e';
    const pool = mock.agent.get(origin);
    pool
      .intercept({ path: '/api/integrations/openwaylet/v1/payments/start', method: 'POST' })
      .reply(201, { _id: wayletPaymentId });
    pool
      .intercept({ path: '/api/integrations/openwaylet/v1/payments/start', method: 'POST' })
      .reply(201, { _id: 'ffffffffffffffffffffffff' });
    const paywire = make();
    const seen: string[] = [];
    paywire.on('payment.paid', (e) => void seen.push(`${e.paymentId}`));
    await paywire.waylet.startPayment({ customer: 'c', amount: 300, paymentId: 'order-1' });
    await paywire.waylet.startPayment({ customer: 'c', amount: 300, paymentId: 'order-12' });
    const genuine = testing.waylet.callback(
      { paymentId: 'order-1', wayletPaymentId, status: 'PAID', amount: 300 },
      { secret: waylet.secret },
    );
    const shifted = JSON.stringify({
      ...genuine.json,
      paymentId: 'order-12',
      wayletPaymentId: wayletPaymentId.slice(1),
    });
    expect((await paywire.webhooks.handle({ provider: 'waylet', rawBody: genuine.body })).status).toBe(200);
    const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody: shifted });
    expect([reply.status, reply.error?.code]).toEqual([401, 'ERR_PAYMENT_MISMATCH']);
    expect(seen).toEqual(['order-1']);
  });

  it('validates input before sending, naming the field', async () => {
    const paywire = make();
    await expect(paywire.waylet.startPayment({ customer: 'c', amount: 3.5, paymentId: 'p' })).rejects.toMatchObject({
      code: 'ERR_INPUT_INVALID',
      field: 'amount',
    });
    const noDefault = createPaywire({
      providers: { waylet: { ...waylet, callbackUrl: undefined } },
      logger: silent,
      http: { dispatcher: mock.agent },
    });
    await expect(noDefault.waylet.startPayment({ customer: 'c', amount: 3, paymentId: 'p' })).rejects.toMatchObject({
      code: 'ERR_INPUT_INVALID',
      field: 'callbackUrl',
    });
  });
});
