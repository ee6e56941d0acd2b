import { describe, expect, it } from 'vitest';
import { createPaywire, isPaywireError, type PaymentEvent } from '../../index.js';
import { testing } from '../../testing/index.js';
import { verifyCallback } from './index.js';

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
