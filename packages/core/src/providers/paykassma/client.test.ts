import { beforeEach, describe, expect, it } from 'vitest';
import { useMockAgent } from '../../__test-support__/index.js';
import { createPaywire, PaywireError, ProviderApiError, type PaymentEvent } from '../../index.js';
import { testing } from '../../testing/index.js';

const origin = 'http://paykassma-api.test';
const secret = 'plugin-api-secret-7f3c';
const keys = { accessKey: 'pk_access_3f9a', privateKey: 'pk_private_c41e77' };
const paykassma = {
  apiUrl: origin,
  pluginUrl: 'https://plugin.example-server.test',
  apiSecret: secret,
  postbackAccessKey: keys.accessKey,
  postbackPrivateKey: keys.privateKey,
};
const activation = {
  walletType: 'wavepay',
  currencyCode: 'MMK',
  label: 'user-55',
  key1: '1394646476',
  amount: '500',
  customTransactionId: 'dep-1',
};
const okAnswer = { status: 'ok', deposit: true, deposit_amount: 6000, currency: { code: 'MMK', symbol: 'MMK' } };

const mock = useMockAgent();
let logs: string[];
beforeEach(() => {
  logs = [];
});

const logger = {
  debug: (m: string, meta?: unknown) => logs.push(m + JSON.stringify(meta ?? {})),
  info() {},
  warn: (m: string, meta?: unknown) => logs.push(m + JSON.stringify(meta ?? {})),
  error() {},
};
const make = () => createPaywire({ providers: { paykassma }, logger, http: { dispatcher: mock.agent, retries: 0 } });

/** Intercepts one POST to `path` and records what was sent. */
function intercept(path: string, status: number, answer: unknown) {
  const sent: { path?: string; body?: string } = {};
  mock.agent
    .get(origin)
    .intercept({ path: (p) => p.startsWith(path), method: 'POST' })
    .reply(status, (opts) => {
      sent.path = opts.path;
      sent.body = opts.body as string;
      return answer as object;
    });
  return sent;
}

describe('paykassma createTransaction', () => {
  it('posts currency and label with the secret query parameter → identifier', async () => {
    const sent = intercept('/api/v1/transaction/create/wavepay', 200, {
      status: 'ok',
      params: { identifier: 324342342 },
    });
    await expect(
      make().paykassma.createTransaction({ walletType: 'wavepay', currency: 'MMK', label: 'user-55' }),
    ).resolves.toEqual({ identifier: '324342342' });
    expect(sent.path).toBe(`/api/v1/transaction/create/wavepay?secret=${secret}`);
    expect(JSON.parse(sent.body as string)).toEqual({ currency: 'MMK', label: 'user-55' });
    expect(logs.join('\n')).not.toContain(secret);
  });

  it('turns {"status":"fail"} into ProviderApiError carrying the message, never the secret', async () => {
    intercept('/api/v1/transaction/create/wavepay', 200, {
      status: 'fail',
      message: `No wallets available (${secret})`,
    });
    const err = await make()
      .paykassma.createTransaction({ walletType: 'wavepay', currency: 'MMK', label: 'user-55' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderApiError);
    const api = err as ProviderApiError;
    expect(api.code).toBe('ERR_PROVIDER_API');
    expect(api.message).toContain('No wallets available');
    expect(api.details?.providerMessage).toContain('No wallets available');
    expect(`${api.message} ${JSON.stringify(api.body)} ${JSON.stringify(api.details)}`).not.toContain(secret);
  });
});

describe('paykassma activateTransaction', () => {
  it.each([
    [okAnswer, { status: 'ok', deposit: true, depositAmount: '6000', currency: { code: 'MMK', symbol: 'MMK' } }],
    [
      { status: 'pending', message: 'The deposit status check has been started.' },
      { status: 'pending', message: 'The deposit status check has been started.' },
    ],
    [
      { status: 'possible_transaction_created', message: 'Transaction not found. Possible transaction created' },
      { status: 'possible_transaction_created', message: 'Transaction not found. Possible transaction created' },
    ],
    [
      { status: 'fail', message: 'MESSAGE' },
      { status: 'fail', message: 'MESSAGE' },
    ],
  ])('parses %j into its union member', async (answer, expected) => {
    intercept('/api/v1/transaction/activate', 200, answer);
    const result = await make().paykassma.activateTransaction(activation);
    expect(result).toMatchObject(expected);
    expect(result.raw).toEqual(answer);
  });

  it('parses a documented answer that comes with a 4xx status; a 4xx without one, or a 5xx, throws', async () => {
    intercept('/api/v1/transaction/activate', 422, { status: 'fail', message: { key1: ['is invalid'] } });
    await expect(make().paykassma.activateTransaction(activation)).resolves.toEqual({
      status: 'fail',
      message: '{"key1":["is invalid"]}',
      raw: expect.anything(),
    });
    intercept('/api/v1/transaction/activate', 404, 'Not found');
    await expect(make().paykassma.activateTransaction(activation)).rejects.toMatchObject({
      code: 'ERR_PROVIDER_API',
      status: 404,
    });
    intercept('/api/v1/transaction/activate', 502, { status: 'fail', message: 'gateway' });
    const err = await make()
      .paykassma.activateTransaction(activation)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_PROVIDER_API', status: 502 });
    expect((err as Error).message).not.toContain(secret);
  });

  it('sends the documented body, with the amount as a JSON number token equal to the decimal given', async () => {
    const sent = intercept('/api/v1/transaction/activate', 200, { status: 'pending', message: '' });
    await make().paykassma.activateTransaction({ ...activation, amount: '1234567.80' });
    expect(sent.path).toBe(`/api/v1/transaction/activate?secret=${secret}`);
    expect(sent.body).toBe(
      '{"currency_code":"MMK","wallet_type":"wavepay","label":"user-55","key1":"1394646476","amount":1234567.80,"custom_transaction_id":"dep-1"}',
    );
    const sent2 = intercept('/api/v1/transaction/activate', 200, { status: 'pending', message: '' });
    await make().paykassma.activateTransaction({ ...activation, amount: 500 });
    expect(sent2.body).toContain('"amount":500,');
  });

  it('checks field limits before sending and names the field', async () => {
    const paywire = make(); // no interceptor: a request would fail with a network error, not ERR_INPUT_INVALID
    const cases: [Record<string, unknown>, string][] = [
      [{ label: 'x'.repeat(191) }, 'label'],
      [{ key1: '123456789012' }, 'key1'],
      [{ currencyCode: 'MMKK' }, 'currencyCode'],
      [{ currencyCode: 'mmk' }, 'currencyCode'],
      [{ customTransactionId: 'c'.repeat(191) }, 'customTransactionId'],
      [{ amount: 500.5 }, 'amount'],
      [{ amount: '0.00' }, 'amount'],
      [{ amount: '12345678901234567890.1' }, 'amount'],
      [{ walletType: 'wave/pay' }, 'walletType'],
    ];
    for (const [change, field] of cases) {
      const err = await paywire.paykassma.activateTransaction({ ...activation, ...change }).catch((e: unknown) => e);
      expect(err, field).toBeInstanceOf(PaywireError);
      expect((err as PaywireError).code, field).toBe('ERR_INPUT_INVALID');
      expect((err as PaywireError).field, field).toBe(field);
      expect((err as Error).message, field).toContain(field);
    }
    await expect(
      paywire.paykassma.activateTransaction({ ...activation, label: '𝄞'.repeat(190) }),
    ).rejects.not.toMatchObject({ code: 'ERR_INPUT_INVALID' });
    const create = await paywire.paykassma
      .createTransaction({ walletType: 'wavepay', currency: 'MMK', label: 'y'.repeat(191) })
      .catch((e: unknown) => e);
    expect(create).toMatchObject({ code: 'ERR_INPUT_INVALID', field: 'label' });
  });

  it('masks a secret with URL-reserved characters when the provider echoes it URL-encoded', async () => {
    const reserved = 'pk+Secret/Value=1';
    const paywire = createPaywire({
      providers: { paykassma: { ...paykassma, apiSecret: reserved } },
      logger,
      http: { dispatcher: mock.agent, retries: 0 },
    });
    mock.agent
      .get(origin)
      .intercept({ path: (p) => p.startsWith('/api/v1/transaction/create/wavepay'), method: 'POST' })
      .reply(400, (opts) => ({ status: 'error', error: `bad request to ${opts.path}` }));
    const err = await paywire.paykassma
      .createTransaction({ walletType: 'wavepay', currency: 'MMK', label: 'u' })
      .catch((e: unknown) => e);
    const text = `${(err as Error).message} ${JSON.stringify((err as PaywireError).details)} ${JSON.stringify((err as { body?: unknown }).body)}`;
    expect(text).toContain('bad request to');
    expect(text).not.toContain(encodeURIComponent(reserved));
    expect(text).not.toContain(reserved);
  });

  it('never puts the secret in an error message, even when the connection fails', async () => {
    mock.agent
      .get(origin)
      .intercept({ path: () => true, method: 'POST' })
      .replyWithError(new Error(`connect failed for ${origin}/api/v1/transaction/activate?secret=${secret}`));
    const err = await make()
      .paykassma.activateTransaction(activation)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaywireError);
    expect(`${(err as Error).message} ${JSON.stringify((err as PaywireError).details)}`).not.toContain(secret);
    expect(logs.join('\n')).not.toContain(secret);
  });

  it('dispatches payment.paid for an ok answer; the later postback for the same deposit is a duplicate', async () => {
    intercept('/api/v1/transaction/activate', 200, okAnswer);
    const paywire = make();
    const seen: PaymentEvent[] = [];
    paywire.on('payment.paid', (e) => {
      seen.push(e);
    });
    await paywire.paykassma.activateTransaction(activation);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      id: 'paykassma:custom:dep-1',
      source: 'api',
      paymentId: 'dep-1',
      amount: { value: '6000', currency: 'MMK', unit: 'major' },
    });

    const postback = testing.paykassma.postback(
      { transactions: [{ transaction_id: '555', custom_id: 'dep-1', amount: 6000 }] },
      keys,
    );
    const reply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: postback.body });
    expect([reply.status, reply.body, reply.outcome]).toEqual([200, '{"status":"ok"}', 'duplicate']);
    expect(seen).toHaveLength(1);
  });

  it('does not dispatch for pending, and the postback then credits once', async () => {
    intercept('/api/v1/transaction/activate', 200, { status: 'pending', message: 'checking' });
    const paywire = make();
    const seen: PaymentEvent[] = [];
    paywire.on('payment.paid', (e) => {
      seen.push(e);
    });
    await paywire.paykassma.activateTransaction(activation);
    expect(seen).toHaveLength(0);
    const postback = testing.paykassma.postback({ transactions: [{ custom_id: 'dep-1' }] }, keys);
    await paywire.webhooks.handle({ provider: 'paykassma', rawBody: postback.body });
    await paywire.webhooks.handle({ provider: 'paykassma', rawBody: postback.body });
    expect(seen.map((e) => e.source)).toEqual(['webhook']);
  });

  it('reports a failing handler after an ok answer as ERR_HANDLER_FAILED; the postback runs it again', async () => {
    intercept('/api/v1/transaction/activate', 200, okAnswer);
    const paywire = make();
    let calls = 0;
    paywire.on('payment.paid', () => {
      if (++calls === 1) throw new Error('database down');
    });
    await expect(paywire.paykassma.activateTransaction(activation)).rejects.toMatchObject({
      code: 'ERR_HANDLER_FAILED',
      details: { customTransactionId: 'dep-1', depositAmount: '6000' },
    });
    const postback = testing.paykassma.postback({ transactions: [{ custom_id: 'dep-1', amount: 6000 }] }, keys);
    expect((await paywire.webhooks.handle({ provider: 'paykassma', rawBody: postback.body })).outcome).toBe(
      'processed',
    );
    expect(calls).toBe(2);
  });
});
