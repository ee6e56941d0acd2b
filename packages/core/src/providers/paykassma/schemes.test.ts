import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPaywire, type PaymentEvent } from '../../index.js';
import type { PaywireLogger } from '../../lib/logger.js';
import { testing } from '../../testing/index.js';
import { silentLogger } from '../../__test-support__/index.js';
import { PAYKASSMA_SIGNATURE_SCHEMES } from './config.js';
import { parseJsonKeepingNumberText } from '../../lib/json/index.js';
import { schemeCandidates } from './schemes.js';
import { verifyPostback } from './signature.js';

// Known answers computed by PHP: see __fixtures__/make-scheme-vectors.php.
const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/scheme-vectors.json', import.meta.url), 'utf8')) as {
  accessKey: string;
  privateKey: string;
  vectors: {
    name: string;
    scheme: (typeof PAYKASSMA_SIGNATURE_SCHEMES)[number];
    body: string;
    hashed: string;
    signature: string;
  }[];
};
const vector = (name: string) => fixture.vectors.find((v) => v.name === name) as (typeof fixture.vectors)[number];
const keys = { accessKey: fixture.accessKey, privateKey: fixture.privateKey };
const base = {
  apiUrl: 'http://127.0.0.1:9',
  pluginUrl: 'https://plugin.example-server.test',
  apiSecret: 'plugin-api-secret-123',
  postbackAccessKey: keys.accessKey,
  postbackPrivateKey: keys.privateKey,
};

function setup(options: Record<string, unknown> = {}, logger: PaywireLogger = silentLogger) {
  const paywire = createPaywire({ providers: { paykassma: { ...base, ...options } }, logger });
  const seen: PaymentEvent<'paykassma'>[] = [];
  paywire.on('*', (e) => {
    seen.push(e as PaymentEvent<'paykassma'>);
  });
  return { paywire, seen };
}

describe('paykassma signature schemes (PHP known answers)', () => {
  it.each(fixture.vectors.map((v) => [v.name, v] as const))(
    '%s verifies under auto and its pinned scheme, and under no other',
    (_name, v) => {
      expect(verifyPostback(v.body, keys).scheme).toBe(v.scheme);
      expect(verifyPostback(v.body, { ...keys, signatureScheme: v.scheme }).scheme).toBe(v.scheme);
      for (const other of PAYKASSMA_SIGNATURE_SCHEMES.filter((s) => s !== v.scheme)) {
        expect(() => verifyPostback(v.body, { ...keys, signatureScheme: other }), other).toThrowError(
          expect.objectContaining({ code: expect.stringMatching(/^ERR_(SIGNATURE|PAYLOAD)_INVALID$/) }),
        );
      }
    },
  );

  it.each(fixture.vectors.map((v) => [v.name, v] as const))(
    "%s: paywire's candidate texts include PHP's signed text byte for byte",
    (_name, v) => {
      const texts = [
        ...schemeCandidates(v.scheme, {
          text: v.body,
          tree: () => parseJsonKeepingNumberText(v.body, 'paykassma'),
          hashedMember: 'transactions',
        }),
      ].map((c) => c.text);
      expect(texts).toContain(v.hashed);
    },
  );

  it('verifies a flat body written differently from what was signed (escaped body, 10.0 for 10, whitespace) through the PHP re-encoding', () => {
    const v = vector('flat-deposit');
    expect(verifyPostback(vector('flat-deposit-escaped-body').body, keys)).toMatchObject({
      scheme: 'flat',
      matchedBy: 'php',
    });
    const spelled = v.body.replace('"EUR":10,', '"EUR":10.0,').replace('{"signature"', '{ "signature"');
    expect(spelled).not.toBe(v.body);
    expect(verifyPostback(spelled, keys)).toMatchObject({ scheme: 'flat', matchedBy: 'php' });
  });

  it('tries every private key of a rotation list and reports the index, never the value', async () => {
    const lines: string[] = [];
    const logger = { ...silentLogger, info: (m: string) => void lines.push(m) };
    const { paywire } = setup({ postbackPrivateKey: ['pk_private_next_0000', keys.privateKey] }, logger);
    const reply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: vector('flat-deposit').body });
    expect(reply.status).toBe(200);
    expect(reply.headers).toMatchObject({ 'x-paywire-signature-scheme': 'flat', 'x-paywire-key-index': '1' });
    expect(lines.join('\n')).toContain('postbackPrivateKey #1');
    expect(lines.join('\n') + JSON.stringify(reply)).not.toContain('pk_private');
  });

  it('logs one info line per scheme per instance, naming the scheme and how to pin it', async () => {
    const lines: string[] = [];
    const { paywire } = setup({}, { ...silentLogger, info: (m: string) => void lines.push(m) });
    for (const name of [
      'flat-deposit',
      'flat-rejected',
      'transactions-unicode',
      'flat-withdrawal',
      'transactions-escaped-unicode',
    ]) {
      expect((await paywire.webhooks.handle({ provider: 'paykassma', rawBody: vector(name).body })).status, name).toBe(
        200,
      );
    }
    const schemeLines = lines.filter((l) => l.includes('signature scheme'));
    expect(schemeLines).toHaveLength(3);
    expect(schemeLines.join('\n')).toMatch(/"flat".*signatureScheme: 'flat'/);
    expect(schemeLines.join('\n')).toMatch(/"transactions-escaped"/);
  });
});

describe('paykassma flat postbacks through webhooks.handle', () => {
  it('maps a successful deposit to payment.paid with the exact amount, the merchant id and the unix times', async () => {
    const { paywire, seen } = setup();
    const reply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: vector('flat-deposit').body });
    expect([reply.status, reply.body, reply.outcome]).toEqual([200, '{"status":"ok"}', 'processed']);
    expect(seen).toHaveLength(1);
    const e = seen[0] as PaymentEvent<'paykassma'>;
    expect(e).toMatchObject({
      id: 'paykassma:custom:dep/2024/ß-1',
      type: 'payment.paid',
      paymentId: 'dep/2024/ß-1',
      providerPaymentId: '880000123',
      amount: { value: '6000', currency: 'MMK', unit: 'major' },
    });
    expect(e.occurredAt?.toISOString()).toBe(new Date(1714542422 * 1000).toISOString());
    expect(e.raw.kind === 'flat' && e.raw.postback.converted_amount).toEqual({
      USD: 9.19,
      INR: 762,
      EUR: 10,
      rates: { MMK: { USD: 0.00047 } },
    });
    expect(e.raw.kind === 'flat' && e.raw.verification).toEqual({ scheme: 'flat', keyIndex: 0 });
  });

  it('maps Rejected to payment.failed with the status as failure code, and local times with the configured offset', async () => {
    const { paywire, seen } = setup({ timezoneOffset: '+06:30' });
    expect(
      (await paywire.webhooks.handle({ provider: 'paykassma', rawBody: vector('flat-rejected').body })).status,
    ).toBe(200);
    expect(seen[0]).toMatchObject({
      type: 'payment.failed',
      failure: { code: 'Rejected' },
      amount: { value: '250.75' },
      paymentId: 'dep-2',
      id: 'paykassma:custom:dep-2:rejected',
    });
    expect(seen[0]?.occurredAt?.toISOString()).toBe('2024-05-01T07:15:10.000Z');
  });

  it('acknowledges a withdrawal as an unknown event, never a payment', async () => {
    const { paywire, seen } = setup();
    const reply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: vector('flat-withdrawal').body });
    expect([reply.status, reply.body]).toEqual([200, '{"status":"ok"}']);
    expect(reply.unknown.map((u) => u.type)).toEqual(['withdrawal']);
    expect(seen).toHaveLength(0);
  });

  it('a window deposit (no custom id) carries the signed label as paymentId', async () => {
    const { paywire, seen } = setup();
    const d = testing.paykassma.delivery({ label: 'ORD-77', transaction_id: 5501 }, keys);
    expect((await paywire.webhooks.handle({ provider: 'paykassma', rawBody: d.body })).status).toBe(200);
    expect(seen[0]).toMatchObject({ id: 'paykassma:tx:5501', paymentId: 'ORD-77', providerPaymentId: '5501' });
  });

  it('refuses an unknown status or type with 422 naming the option that maps it, then accepts once configured', async () => {
    const pending = testing.paykassma.delivery({ status: 'Processing', custom_transaction_id: 'dep-s' }, keys);
    const r1 = await setup().paywire.webhooks.handle({ provider: 'paykassma', rawBody: pending.body });
    expect([r1.status, r1.error?.message]).toEqual([
      422,
      expect.stringMatching(/"processing".*providers\.paykassma\.statuses/),
    ]);
    const typed = testing.paykassma.delivery({ type: 3, custom_transaction_id: 'dep-t' }, keys);
    const r2 = await setup().paywire.webhooks.handle({ provider: 'paykassma', rawBody: typed.body });
    expect([r2.status, r2.error?.message]).toEqual([422, expect.stringMatching(/type "3".*transactionTypes/)]);
    const untyped = testing.paykassma.delivery({ type: undefined, custom_transaction_id: 'dep-u' }, keys);
    expect(
      (await setup().paywire.webhooks.handle({ provider: 'paykassma', rawBody: untyped.body })).error?.message,
    ).toContain('flatWithoutType');
    const configured = setup({
      statuses: { paid: ['success', 'processing'] },
      transactionTypes: { deposit: ['deposit', 3] },
      flatWithoutType: 'deposit',
    });
    for (const d of [pending, typed, untyped])
      expect((await configured.paywire.webhooks.handle({ provider: 'paykassma', rawBody: d.body })).status).toBe(200);
    expect(configured.seen).toHaveLength(3);
  });

  it('answers 401 with no handler call when any one member is changed, added or removed', async () => {
    const v = vector('flat-deposit');
    const body = JSON.parse(v.body) as Record<string, unknown>;
    const variants: [string, Record<string, unknown>][] = [['added', { ...body, extra: 1 }]];
    for (const key of Object.keys(body).filter((k) => k !== 'signature')) {
      const { [key]: value, ...without } = body;
      variants.push([`removed ${key}`, without]);
      const changed =
        typeof value === 'number'
          ? value + 1
          : typeof value === 'string'
            ? `${value}x`
            : { ...(value as object), XX: 1 };
      variants.push([`changed ${key}`, { ...body, [key]: changed }]);
    }
    const { paywire, seen } = setup();
    for (const [name, b] of variants) {
      const reply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: JSON.stringify(b) });
      expect([reply.status, reply.error?.code], name).toEqual([401, 'ERR_SIGNATURE_INVALID']);
    }
    expect(seen).toHaveLength(0);
  });
});

describe('paykassma flat scheme: other body forms', () => {
  it('verifies a flat postback that a framework already parsed (re-serialized) through the PHP re-encoding', async () => {
    const { paywire, seen } = setup();
    const reply = await paywire.webhooks.handle({
      provider: 'paykassma',
      body: JSON.parse(vector('flat-deposit').body),
    });
    expect([reply.status, reply.headers['x-paywire-signature-scheme']]).toEqual([200, 'flat']);
    expect(seen[0]?.amount?.value).toBe('6000');
  });

  it('maps a legacy-shaped body signed whole (flat scheme) from its transactions, with the label signed', async () => {
    const { paywire, seen } = setup();
    const none = {
      wallet_type: undefined,
      amount: undefined,
      currency_code: undefined,
      status: undefined,
      type: undefined,
      transaction_id: undefined,
      created_at: undefined,
      activated_at: undefined,
    };
    const d = testing.paykassma.delivery(
      {
        ...none,
        access_key: keys.accessKey,
        label: 'user-5',
        transactions: [{ transaction_id: '61', amount: 700, custom_id: 'dep-whole' }],
      },
      keys,
    );
    const reply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: d.body });
    expect([reply.status, reply.headers['x-paywire-signature-scheme']]).toEqual([200, 'flat']);
    expect(seen[0]).toMatchObject({ paymentId: 'dep-whole', amount: { value: '700' } });
    expect(seen[0]?.raw.kind === 'postback' && [seen[0].raw.label, seen[0].raw.unverifiedLabel]).toEqual([
      'user-5',
      undefined,
    ]);
  });
});

describe('paykassma legacy postbacks with integer transaction_type', () => {
  it('verifies stockpiling members and maps the integer type through transactionTypes', async () => {
    const v = vector('legacy-integer-type');
    const refused = await setup().paywire.webhooks.handle({ provider: 'paykassma', rawBody: v.body });
    expect([refused.status, refused.error?.message]).toEqual([
      422,
      expect.stringMatching(/type "1".*transactionTypes: \{ deposit: \["1"\] \}/),
    ]);
    const { paywire, seen } = setup({ transactionTypes: { deposit: [1], withdrawal: [2] } });
    const reply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: v.body });
    expect([reply.status, reply.headers['x-paywire-signature-scheme']]).toEqual([200, 'transactions']);
    expect(seen[0]).toMatchObject({
      type: 'payment.paid',
      paymentId: 'dep-int-1',
      providerPaymentId: '990001',
      amount: { value: '1500' },
    });
    expect(seen[0]?.raw.kind === 'postback' && seen[0].raw.transaction).toMatchObject({
      from: '09790000111',
      stockpiling: 0,
      stockpiling_id: null,
    });
  });
});
