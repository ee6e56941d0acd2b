import { describe, expect, it } from 'vitest';
import { silentLogger as silent, useMockAgent } from '../../__test-support__/index.js';
import {
  createPaywire,
  memoryStore,
  PaywireError,
  ProviderApiError,
  type Clock,
  type PaywireLogger,
} from '../../index.js';
import { etpaySessionKey } from './sessions.js';

const origin = 'http://etpay-api.test';
const apiToken = 'MerchantApiTok3n-never-printed';
const etpay = { apiUrl: origin, pmtUrl: 'https://pmt.test', merchantCode: 'cl_shop', merchantApiToken: apiToken };

const mock = useMockAgent();

function make(options: { clock?: Clock; config?: Record<string, unknown>; logger?: PaywireLogger } = {}) {
  const clock = options.clock ?? { now: () => Date.now() };
  const store = memoryStore({ clock });
  const paywire = createPaywire({
    providers: { etpay: { ...etpay, ...options.config } },
    store,
    clock,
    logger: options.logger ?? silent,
    http: { dispatcher: mock.agent, retries: 0 },
  });
  return { paywire, store };
}

function interceptInit(reply: Record<string, unknown>, status = 200) {
  const sent: Record<string, unknown>[] = [];
  mock.agent
    .get(origin)
    .intercept({ path: '/session/initialize', method: 'POST' })
    .reply(status, (opts) => {
      sent.push(JSON.parse(opts.body as string));
      return reply;
    });
  return sent;
}

describe('etpay initializeSession', () => {
  it('accepts `token`, sends the documented body, stores the session with its TTL', async () => {
    let t = 1_000_000;
    const { paywire, store } = make({
      clock: { now: () => t },
      config: { sessionTtlMs: 60_000, paymentWebhookUrl: 'https://shop.test/webhooks/etpay' },
    });
    const sent = interceptInit({ token: 'tok/123', signature_token: 'sig-abc-123' });
    const session = await paywire.etpay.initializeSession({
      merchantOrderId: 'A1001',
      orderAmount: 15990,
      customerEmail: 'ana@example.cl',
      metadata: [
        { name: 'Pedido', value: 'A1001', show: true },
        { name: 'internal', value: 'x' },
      ],
      userBankCode: 'cl_bci',
      userRut: '12.345.678-5',
      paymentCompletedUrl: 'https://shop.test/done',
    });
    // the signature token stays on the server unless asked for: it can sign a success notification
    expect(session).toEqual({ sessionToken: 'tok/123', redirectUrl: 'https://pmt.test/session/tok%2F123' });
    expect(JSON.stringify(session)).not.toContain('sig-abc-123');
    expect(sent[0]).toEqual({
      merchant_code: 'cl_shop',
      merchant_api_token: apiToken,
      merchant_order_id: 'A1001',
      order_amount: 15990,
      customer_email: 'ana@example.cl',
      metadata: [
        { name: 'Pedido', value: 'A1001', show: true },
        { name: 'internal', value: 'x', show: false },
      ],
      user_bank_code: 'cl_bci',
      user_rut: '12.345.678-5',
      payment_completed_url: 'https://shop.test/done',
      payment_webhook_url: 'https://shop.test/webhooks/etpay',
    });
    const stored = await store.get(etpaySessionKey('tok/123'));
    expect(JSON.parse(stored as string)).toEqual({
      signatureToken: 'sig-abc-123',
      merchantOrderId: 'A1001',
      orderAmount: 15990,
    });
    t += 60_001;
    expect(await store.get(etpaySessionKey('tok/123'))).toBeUndefined();
  });

  it("accepts `session_token` (the docs' name) and prefers it when both are present", async () => {
    const { paywire, store } = make();
    interceptInit({ session_token: 'st-1', signature_token: 'sig-1' });
    expect(
      await paywire.etpay.initializeSession(
        { merchantOrderId: 'B1', orderAmount: 10 },
        { includeSignatureToken: true },
      ),
    ).toMatchObject({ sessionToken: 'st-1', signatureToken: 'sig-1' });
    interceptInit({ token: 'other', session_token: 'st-2', signature_token: 'sig-2' });
    expect((await paywire.etpay.initializeSession({ merchantOrderId: 'B2', orderAmount: 10 })).sessionToken).toBe(
      'st-2',
    );
    expect(await store.get(etpaySessionKey('st-1'))).toContain('"merchantOrderId":"B1"');
  });

  it('refuses an answer without a session token or signature token, and stores nothing', async () => {
    const { paywire, store } = make();
    interceptInit({ signature_token: 'sig-x' });
    await expect(paywire.etpay.initializeSession({ merchantOrderId: 'C1', orderAmount: 10 })).rejects.toMatchObject({
      code: 'ERR_PROVIDER_RESPONSE_INVALID',
    });
    interceptInit({ token: 'tok-y' });
    await expect(paywire.etpay.initializeSession({ merchantOrderId: 'C1', orderAmount: 10 })).rejects.toMatchObject({
      code: 'ERR_PROVIDER_RESPONSE_INVALID',
      message: expect.stringContaining('signature_token'),
    });
    expect(await store.get(etpaySessionKey('tok-y'))).toBeUndefined();
  });

  it('names the failing field of invalid input and calls nothing', async () => {
    const { paywire } = make();
    const base = { merchantOrderId: 'A1', orderAmount: 100 };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, merchantOrderId: 'order-1' }, 'merchantOrderId'],
      [{ ...base, merchantOrderId: 'A'.repeat(65) }, 'merchantOrderId'],
      [{ ...base, merchantOrderId: '' }, 'merchantOrderId'],
      [{ ...base, orderAmount: 10.5 }, 'orderAmount'],
      [{ ...base, orderAmount: 0 }, 'orderAmount'],
      [{ ...base, orderAmount: '100' }, 'orderAmount'],
      [{ ...base, orderAmount: 2 ** 53 }, 'orderAmount'],
      [{ ...base, customerEmail: 'nope' }, 'customerEmail'],
      [{ ...base, userBankCode: 'cl_unknown' }, 'userBankCode'],
      [{ ...base, userRut: '12.345.678-4' }, 'userRut'],
      [{ ...base, metadata: [{ name: '', value: 'v' }] }, 'metadata.0.name'],
      [{ ...base, paymentWebhookUrl: 'ftp://shop.test/x' }, 'paymentWebhookUrl'],
    ];
    for (const [input, field] of cases) {
      const err = await paywire.etpay.initializeSession(input as never).catch((e: unknown) => e);
      expect(err, field).toBeInstanceOf(PaywireError);
      expect((err as PaywireError).code, field).toBe('ERR_INPUT_INVALID');
      expect((err as PaywireError).field, field).toBe(field);
      expect((err as PaywireError).message, field).toContain(field);
    }
  });
});

describe('etpay checkPaymentStatus', () => {
  it('sends the credentials and exactly one key, and reads the answer permissively', async () => {
    const { paywire } = make();
    const sent: unknown[] = [];
    const answers = [
      { payment_status: 'success', merchant_order_id: 'A1', order_amount: 1000, extra: [1] },
      { status: 'pending' },
    ];
    for (const answer of answers) {
      mock.agent
        .get(origin)
        .intercept({ path: '/merchant/check_payment_status', method: 'POST' })
        .reply(200, (opts) => {
          sent.push(JSON.parse(opts.body as string));
          return answer;
        });
    }
    const first = await paywire.etpay.checkPaymentStatus({ merchantOrderId: 'A1' });
    expect(first).toEqual({
      paymentStatus: 'success',
      merchantOrderId: 'A1',
      orderAmount: '1000',
      sessionToken: undefined,
      paymentToken: undefined,
      raw: answers[0],
    });
    expect((await paywire.etpay.checkPaymentStatus({ paymentToken: 'pt-1' })).paymentStatus).toBe('pending');
    expect(sent).toEqual([
      { merchant_code: 'cl_shop', merchant_api_token: apiToken, merchant_order_id: 'A1' },
      { merchant_code: 'cl_shop', merchant_api_token: apiToken, payment_token: 'pt-1' },
    ]);
  });

  it('wants exactly one key, and an answer with a status', async () => {
    const { paywire } = make();
    for (const input of [{}, { merchantOrderId: 'A1', sessionToken: 's' }, { merchant_order_id: 'A1' }]) {
      await expect(paywire.etpay.checkPaymentStatus(input as never), JSON.stringify(input)).rejects.toMatchObject({
        code: 'ERR_INPUT_INVALID',
      });
    }
    mock.agent
      .get(origin)
      .intercept({ path: '/merchant/check_payment_status', method: 'POST' })
      .reply(200, { message: 'found' });
    await expect(paywire.etpay.checkPaymentStatus({ sessionToken: 's' })).rejects.toMatchObject({
      code: 'ERR_PROVIDER_RESPONSE_INVALID',
    });
  });
});

describe('etpay merchant API token', () => {
  it('never appears in errors or log lines, even when ETpay echoes it', async () => {
    const lines: string[] = [];
    const write = (m: string, meta?: unknown): void => void lines.push(m + JSON.stringify(meta));
    const logger: PaywireLogger = { debug: write, info: write, warn: write, error: write };
    const { paywire } = make({ logger });
    const pool = mock.agent.get(origin);
    pool
      .intercept({ path: '/session/initialize', method: 'POST' })
      .reply(401, (opts) => ({ error: 'bad credentials', received: JSON.parse(opts.body as string) }));
    pool.intercept({ path: '/session/initialize', method: 'POST' }).reply(500, `upstream said: ${apiToken} is invalid`);
    pool.intercept({ path: '/merchant/check_payment_status', method: 'POST' }).reply(200, { echo: apiToken });
    const errors: unknown[] = [];
    errors.push(
      await paywire.etpay.initializeSession({ merchantOrderId: 'A1', orderAmount: 1 }).catch((e: unknown) => e),
    );
    errors.push(
      await paywire.etpay.initializeSession({ merchantOrderId: 'A1', orderAmount: 1 }).catch((e: unknown) => e),
    );
    errors.push(await paywire.etpay.checkPaymentStatus({ merchantOrderId: 'A1' }).catch((e: unknown) => e));
    expect(errors[0]).toBeInstanceOf(ProviderApiError);
    expect((errors[0] as ProviderApiError).status).toBe(401);
    expect((errors[2] as PaywireError).code).toBe('ERR_PROVIDER_RESPONSE_INVALID');
    for (const err of errors) {
      const e = err as PaywireError & { body?: unknown };
      const everything = [e.message, JSON.stringify(e.body), JSON.stringify(e.details), String(e.stack)].join('\n');
      expect(everything).not.toContain(apiToken);
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(apiToken);
  });

  it('is validated without being printed', () => {
    const bad = ` ${apiToken}`;
    let err: unknown;
    try {
      createPaywire({ providers: { etpay: { ...etpay, merchantApiToken: bad } }, logger: silent });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID', field: 'providers.etpay.merchantApiToken' });
    expect((err as Error).message).not.toContain(apiToken);
  });
});
