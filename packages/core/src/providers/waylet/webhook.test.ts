import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPaywire, isPaywireError, type PaymentEvent } from '../../index.js';
import { testing } from '../../testing/index.js';
import { verifyCallback } from './index.js';
import { wayletCallbackSchema } from './schemas.js';
import { CALLBACK_KEYS } from './fuzz.js';
import { plainCallback } from './webhook.js';

const secret = 'waylet-test-secret';
const waylet = {
  baseUrl: 'http://127.0.0.1:9/api',
  apiKey: 'waylet-api-key',
  commerceId: 'f86edbb51682cee8fcdb13ff',
  secret,
};

function setup() {
  const paywire = createPaywire({ providers: { waylet }, logger: { debug() {}, info() {}, warn() {}, error() {} } });
  const seen: PaymentEvent[] = [];
  paywire.on('*', (e) => {
    seen.push(e);
  });
  return { paywire, seen };
}

describe('waylet callback through webhooks.handle', () => {
  it('maps every documented status', async () => {
    const cases = [
      ['PAID', 'payment.paid'],
      ['REFUSED', 'payment.failed'],
      ['CANCELED', 'payment.canceled'],
      ['CANCELLED', 'payment.canceled'],
    ] as const;
    for (const [status, type] of cases) {
      const { paywire, seen } = setup();
      const d = testing.waylet.callback(
        {
          status,
          paymentId: 'order-1',
          amount: 300,
          errorCode: status === 'REFUSED' ? 'E42' : undefined,
          errorDescription: status === 'REFUSED' ? 'no funds' : undefined,
        },
        { secret },
      );
      const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody: d.body, headers: d.headers });
      expect(reply.status).toBe(200);
      expect(reply.body).toBe('{}');
      expect(reply.outcome).toBe('processed');
      expect(seen).toHaveLength(1);
      expect(seen[0]?.type).toBe(type);
      expect(seen[0]?.paymentId).toBe('order-1');
      expect(seen[0]?.amount).toEqual({ value: '300', currency: 'EUR', unit: 'minor' });
      if (status === 'REFUSED') expect(seen[0]?.failure).toEqual({ code: 'E42', message: 'no funds', verified: false });
    }
  });

  it('refuses a callback with any one field changed', async () => {
    const d = testing.waylet.callback({ status: 'PAID', paymentId: 'order-2', amount: 300 }, { secret });
    const changes: Record<string, unknown> = {
      paymentId: 'order-3',
      wayletPaymentId: 'ffffffffffff',
      status: 'REFUSED',
      amount: 301,
    };
    for (const [field, value] of Object.entries(changes)) {
      const { paywire, seen } = setup();
      const body = JSON.stringify({ ...d.json, [field]: value });
      const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody: body });
      expect(reply.status, field).toBe(401);
      expect(JSON.parse(reply.body).error.code).toBe('ERR_SIGNATURE_INVALID');
      expect(seen).toHaveLength(0);
    }
  });

  it('signs the exact amount token: 300.0 in the body is not 300', () => {
    const d = testing.waylet.callback({ status: 'PAID', amount: 300 }, { secret });
    expect(() => verifyCallback(d.body.replace('"amount":300', '"amount":300.0'), { secret })).toThrowError(
      expect.objectContaining({ code: 'ERR_SIGNATURE_INVALID' }),
    );
    expect(verifyCallback(d.body, { secret }).amountText).toBe('300');
  });

  it('answers 400 for malformed JSON and 404 for an unconfigured provider', async () => {
    const { paywire } = setup();
    expect((await paywire.webhooks.handle({ provider: 'waylet', rawBody: '{"paymentId":' })).status).toBe(400);
    const reply = await paywire.webhooks.handle({ provider: 'etpay', rawBody: '{}' });
    expect(reply.status).toBe(404);
    expect(isPaywireError(new Error())).toBe(false);
  });

  it('runs the handler once for 50 concurrent identical deliveries', async () => {
    const paywire = createPaywire({ providers: { waylet }, logger: { debug() {}, info() {}, warn() {}, error() {} } });
    let runs = 0;
    paywire.on('payment.paid', async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 20));
    });
    const d = testing.waylet.callback({ status: 'PAID' }, { secret });
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => paywire.webhooks.handle({ provider: 'waylet', rawBody: d.body })),
    );
    expect(runs).toBe(1);
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length + statuses.filter((s) => s === 409).length).toBe(50);
    expect(replies.filter((r) => r.outcome === 'processed')).toHaveLength(1);
    const again = await paywire.webhooks.handle({ provider: 'waylet', rawBody: d.body });
    expect(again.outcome).toBe('duplicate');
    expect(runs).toBe(1);
  });
});

describe('plainCallback (the usual callback without zod) answers as wayletCallbackSchema does', () => {
  const member = fc.oneof(
    fc.string({ maxLength: 3 }),
    // every bound of the schema, and one past it
    fc.constantFrom(0, 1, 64, 65, 512, 513, 1024, 1025).map((n) => 'x'.repeat(n)),
    fc.integer(),
    fc.double(),
    fc.constantFrom(null, true, [], {}, ''),
  );
  const body = fc.dictionary(fc.constantFrom(...CALLBACK_KEYS, 'other', '__proto__'), member);
  const callback = fc.record({
    paymentId: fc.string({ minLength: 1, maxLength: 30 }),
    wayletPaymentId: fc.string({ minLength: 1, maxLength: 30 }),
    status: fc.constantFrom('PAID', 'REFUSED', 'CANCELED'),
    amount: fc.oneof(fc.integer(), fc.string({ maxLength: 70 })),
    signature: fc.string({ minLength: 1, maxLength: 130 }),
  });

  it('is undefined or exactly the schema output (members, their order, nothing else) for any object', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          body,
          callback,
          fc.tuple(callback, body).map(([a, b]) => ({ ...a, ...b })),
        ),
        (json) => {
          const parsed = JSON.parse(JSON.stringify(json)) as unknown;
          const plain = plainCallback(parsed);
          if (plain === undefined) return;
          const zod = wayletCallbackSchema.safeParse(parsed);
          expect(zod.success).toBe(true);
          expect(JSON.stringify(plain)).toBe(JSON.stringify(zod.data));
          expect(Object.keys(plain)).toEqual(Object.keys(zod.data as object));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees on every member set to every bound of the schema (and one past it), or to another type', () => {
    const usual = testing.waylet.callback({ status: 'PAID', amount: 300 }, { secret }).json;
    const values = [
      ...[0, 1, 64, 65, 512, 513, 1024, 1025, 8192, 8193].map((n) => 'x'.repeat(n)),
      ...[0, -1, 1.5, 300, Number.MAX_SAFE_INTEGER, 1e21],
      ...[null, true, [], {}],
    ];
    const keys = [...Object.keys(wayletCallbackSchema.shape), 'other', '__proto__'];
    for (const key of keys)
      for (const value of [...values, undefined]) {
        const json = JSON.parse(JSON.stringify({ ...usual, [key]: value })) as unknown;
        const zod = wayletCallbackSchema.safeParse(json);
        const plain = plainCallback(json);
        if (plain !== undefined)
          expect(JSON.stringify(plain), `${key}: ${JSON.stringify(value)?.slice(0, 9)}`).toBe(JSON.stringify(zod.data));
      }
  });

  it('takes the usual callback, and leaves callbacks with error members and non-objects to the schema', () => {
    const usual = testing.waylet.callback({ status: 'PAID', amount: 300 }, { secret }).json;
    expect(plainCallback(usual)).toEqual(wayletCallbackSchema.parse(usual));
    expect(plainCallback({ ...usual, errorCode: null })).toBeUndefined();
    expect(plainCallback([usual])).toBeUndefined();
    expect(plainCallback(null)).toBeUndefined();
  });
});
