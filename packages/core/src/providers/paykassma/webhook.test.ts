import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPaywire, type PaymentEvent } from '../../index.js';
import { testing } from '../../testing/index.js';
import { silentLogger as silent } from '../../__test-support__/index.js';

const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/postback-vectors.json', import.meta.url), 'utf8')) as {
  accessKey: string;
  privateKey: string;
  vectors: { name: string; body: string }[];
};
const body = (name: string) => fixture.vectors.find((v) => v.name === name)?.body as string;
const keys = { accessKey: fixture.accessKey, privateKey: fixture.privateKey };
const paykassma = {
  apiUrl: 'http://127.0.0.1:9',
  pluginUrl: 'https://plugin.example-server.test',
  apiSecret: 'plugin-api-secret-123',
  postbackAccessKey: keys.accessKey,
  postbackPrivateKey: keys.privateKey,
};

function setup(options: Record<string, unknown> = {}) {
  const paywire = createPaywire({ providers: { paykassma: { ...paykassma, ...options } }, logger: silent });
  const seen: PaymentEvent[] = [];
  paywire.on('*', (e) => {
    seen.push(e);
  });
  return { paywire, seen };
}

describe('paykassma postback through webhooks.handle', () => {
  it('answers exactly 200 {"status":"ok"} and maps a deposit to payment.paid', async () => {
    const { paywire, seen } = setup();
    const reply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: body('non-ascii-label-and-urls') });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('{"status":"ok"}');
    expect(reply.outcome).toBe('processed');
    expect(seen).toHaveLength(1);
    const e = seen[0] as PaymentEvent<'paykassma'>;
    expect(e).toMatchObject({
      id: 'paykassma:custom:ord/2024/ß-1',
      provider: 'paykassma',
      type: 'payment.paid',
      paymentId: 'ord/2024/ß-1',
      providerPaymentId: '88001',
      amount: { value: '6000', currency: 'MMK', unit: 'major' },
      source: 'webhook',
    });
    expect(e.occurredAt?.toISOString()).toBe('2024-05-01T05:47:02.000Z'); // 13:47:02 at +08:00
    // the label is outside the signed member (transactions): kept apart as unverified
    expect(e.raw.kind === 'postback' && [e.raw.label, e.raw.unverifiedLabel]).toEqual([undefined, 'မောင်မောင်']);
  });

  it('turns three transactions into three events with exact amounts; no custom id → dedup by transaction_id', async () => {
    const { paywire, seen } = setup();
    const reply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: body('three-transactions') });
    expect(reply.status).toBe(200);
    expect(seen.map((e) => [e.id, e.amount?.value])).toEqual([
      ['paykassma:custom:dep-a', '100'],
      ['paykassma:custom:dep-b', '250.75'],
      ['paykassma:tx:7003', '1000'],
    ]);
    expect(seen[2]?.paymentId).toBeUndefined();
  });

  it('runs handlers once per transaction when the same postback arrives twice, answering ok both times', async () => {
    const { paywire, seen } = setup();
    const first = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: body('three-transactions') });
    const second = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: body('three-transactions') });
    expect([first.status, first.body, second.status, second.body]).toEqual([
      200,
      '{"status":"ok"}',
      200,
      '{"status":"ok"}',
    ]);
    expect(second.outcome).toBe('duplicate');
    expect(seen).toHaveLength(3);
  });

  it('answers 401 for a tampered amount, a wrong access key or a wrong private key', async () => {
    const ascii = body('ascii-basic');
    const cases: [string, string, Record<string, unknown>][] = [
      ['tampered amount', ascii.replace('"amount":500', '"amount":50000'), {}],
      ['access_key in body', ascii.replace('pk_access_3f9a', 'pk_access_zzzz'), {}],
      ['configured access key', ascii, { postbackAccessKey: 'pk_access_zzzz' }],
      ['configured private key', ascii, { postbackPrivateKey: 'pk_private_zzzz' }],
    ];
    for (const [name, text, options] of cases) {
      const { paywire, seen } = setup(options);
      const reply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: text });
      expect(reply.status, name).toBe(401);
      expect(JSON.parse(reply.body).error.code, name).toBe('ERR_SIGNATURE_INVALID');
      expect(reply.body, name).not.toContain('pk_private');
      expect(seen, name).toHaveLength(0);
    }
  });

  it('verifies a body that a framework already parsed (re-serialized), through the PHP re-encoding', async () => {
    const { paywire, seen } = setup();
    const reply = await paywire.webhooks.handle({
      provider: 'paykassma',
      body: JSON.parse(body('escaped-body-default-flags')),
    });
    expect(reply.status).toBe(200);
    expect(seen[0]?.paymentId).toBe('ord/2024/ß-2');
  });

  it('keeps the exact amount token and PHP float forms (500.5; 1.0e+25 stays signed)', async () => {
    const { paywire, seen } = setup();
    const reply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: body('floats-controls-bigint') });
    expect(reply.status).toBe(200);
    expect(seen[0]?.amount?.value).toBe('500.5');
    expect(seen[0]?.providerPaymentId).toBe('9007199254740993'); // a PHP integer beyond 2^53, kept from the token
  });

  it('acknowledges withdrawals without a payment event, and refuses an unconfigured transaction_type with 422', async () => {
    const { paywire, seen } = setup();
    const w = testing.paykassma.postback(
      { transactions: [{ transaction_type: 'withdrawal' }, { transaction_type: 'deposit', custom_id: 'dep-w' }] },
      keys,
    );
    const reply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: w.body });
    expect(reply.status).toBe(200);
    expect(reply.unknown.map((u) => u.type)).toEqual(['withdrawal']);
    expect(seen.map((e) => e.paymentId)).toEqual(['dep-w']);

    const odd = testing.paykassma.postback({ transactions: [{ transaction_type: 0 }] }, keys);
    const refused = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: odd.body });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('transactionTypes');

    const configured = setup({ transactionTypes: { deposit: ['0'] } });
    expect((await configured.paywire.webhooks.handle({ provider: 'paykassma', rawBody: odd.body })).status).toBe(200);
    expect(configured.seen).toHaveLength(1);
  });

  it('answers 500 when a handler fails, and processes the resend', async () => {
    const paywire = createPaywire({ providers: { paykassma }, logger: silent });
    let calls = 0;
    paywire.on('payment.paid', () => {
      calls++;
      if (calls === 1) throw new Error('database down');
    });
    const d = testing.paykassma.postback({ transactions: [{ custom_id: 'dep-retry' }] }, keys);
    expect((await paywire.webhooks.handle({ provider: 'paykassma', rawBody: d.body })).status).toBe(500);
    const again = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: d.body });
    expect([again.status, again.body]).toEqual([200, '{"status":"ok"}']);
    expect(calls).toBe(2);
  });

  it('refuses a replay that rewrites a numeric id as 88.0 or 8.8e1 (PHP signs them like 88)', async () => {
    const { paywire, seen } = setup();
    const d = testing.paykassma.postback(
      { transactions: [{ transaction_id: 88, custom_id: null, amount: 500 }] },
      keys,
    );
    expect((await paywire.webhooks.handle({ provider: 'paykassma', rawBody: d.body })).outcome).toBe('processed');
    for (const alias of ['88.0', '8.8e1', '880e-1']) {
      const replay = d.body.replace('"transaction_id":88,', `"transaction_id":${alias},`);
      expect(replay).not.toBe(d.body);
      const reply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: replay });
      expect([reply.status, reply.error?.code], alias).toEqual([400, 'ERR_PAYLOAD_INVALID']);
    }
    expect(seen.map((e) => e.id)).toEqual(['paykassma:tx:88']);
  });

  it('with another hashedMember, builds events only from the signed member, never from unsigned transactions', async () => {
    const { paywire, seen } = setup({ hashedMember: 'data' });
    const signedTx = {
      transaction_id: '501',
      custom_id: 'dep-signed',
      amount: 500,
      currency_code: 'MMK',
      wallet_type: 'wavepay',
      created_datetime: '2024-05-01 10:00:00',
      activated_datetime: '2024-05-01 10:00:00',
    };
    const d = testing.paykassma.postback(
      {
        transactions: [{ transaction_id: '999', custom_id: 'victim-order', amount: 99999999 }],
        extra: { data: { label: 'user-9', transactions: [signedTx] } },
      },
      { ...keys, hashedMember: 'data' },
    );
    const reply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: d.body });
    expect(reply.status).toBe(200);
    expect(seen.map((e) => [e.paymentId, e.amount?.value])).toEqual([['dep-signed', '500']]);
    const raw = (seen[0] as PaymentEvent<'paykassma'>).raw;
    expect(raw.kind === 'postback' && raw.label).toBe('user-9'); // inside the signed member: verified
    const noTransactions = testing.paykassma.postback(
      { transactions: [signedTx], extra: { data: { label: 'user-9' } } },
      { ...keys, hashedMember: 'data' },
    );
    const refused = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: noTransactions.body });
    expect([refused.status, refused.error?.code]).toEqual([400, 'ERR_PAYLOAD_INVALID']);
  });

  it('answers 400 for a body that is not a postback', async () => {
    const { paywire } = setup();
    expect(
      (await paywire.webhooks.handle({ provider: 'paykassma', rawBody: '{"access_key":"pk_access_3f9a"}' })).status,
    ).toBe(400);
    expect((await paywire.webhooks.handle({ provider: 'paykassma', rawBody: '[1]' })).status).toBe(400);
  });
});
