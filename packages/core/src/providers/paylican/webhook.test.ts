import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPaywire, type PaymentEvent, type UnknownProviderEvent } from '../../index.js';
import { testing } from '../../testing/index.js';
import { GUARD_TOKEN, paylicanOptions, silentLogger } from './__fixtures__/paylican-api.js';
import { parseWebhook } from './index.js';
import { classifyWebhook } from './webhook.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8');
const auth = { token: GUARD_TOKEN };

function setup() {
  const unknown: UnknownProviderEvent[] = [];
  const paywire = createPaywire({
    providers: { paylican: paylicanOptions() },
    logger: silentLogger,
    webhooks: { onUnknownEvent: (u) => void unknown.push(u) },
  });
  const seen: PaymentEvent[] = [];
  paywire.on('*', (e) => void seen.push(e));
  const deliver = (rawBody: string) =>
    paywire.webhooks.handle({ provider: 'paylican', rawBody, query: { token: GUARD_TOKEN } });
  return { paywire, seen, unknown, deliver };
}

describe('paylican webhooks: the seed examples', () => {
  const cases = [
    ['payment-initiated', 'payment.pending'],
    ['payment-error', 'payment.failed'],
    ['payment-executed', 'payment.paid'],
    ['payment-rejected', 'payment.failed'],
  ] as const;
  for (const [name, type] of cases) {
    it(`${name} → ${type}`, async () => {
      const { seen, deliver } = setup();
      const reply = await deliver(fixture(name));
      expect(reply.status).toBe(200);
      expect(reply.body).toBe('{"received":true}');
      expect(reply.headers['content-type']).toMatch(/^application\/json/);
      expect(reply.outcome).toBe('processed');
      expect(seen).toHaveLength(1);
      const event = seen[0] as PaymentEvent<'paylican'>;
      expect(event).toMatchObject({
        id: 'paylican:41768',
        provider: 'paylican',
        type,
        paymentId: 'REF-178T876',
        providerPaymentId: 'ABC2024-123',
        amount: { value: '100', unit: 'major' },
        source: 'webhook',
      });
      expect(event.amount?.currency).toBeUndefined();
      expect(event.raw.data.status).toBe(name === 'payment-executed' ? 'PAID' : 'UNPAID');
      const hasPaymentDate = name === 'payment-initiated' || name === 'payment-executed';
      expect(event.occurredAt?.toISOString()).toBe(
        hasPaymentDate ? '2024-03-28T14:34:30.155Z' : '2024-03-28T14:32:47.238Z',
      );
      if (type === 'payment.failed')
        expect(event.failure?.code).toBe(name === 'payment-error' ? 'payment_error' : 'payment_rejected');
      else expect(event.failure).toBeUndefined();
    });
  }

  it('maps by data.status first: PAID under payment_initiated is paid, UNPAID is pending', () => {
    expect(classifyWebhook('invoice.payment_initiated', 'PAID')).toBe('payment.paid');
    expect(classifyWebhook('invoice.payment_initiated', 'UNPAID')).toBe('payment.pending');
    expect(classifyWebhook('invoice.payment_error', 'PAID')).toBe('payment.paid');
    expect(classifyWebhook('invoice.paid', 'PAID')).toBe('payment.paid');
    expect(classifyWebhook('invoice.viewed', 'UNPAID')).toBeUndefined();
  });
});

describe('paylican webhooks: pipeline behaviour', () => {
  it('keeps the exact amount token and the exact id of a long beyond 2^53', () => {
    const d = testing.paylican.webhook({ amount: '5100.10', id: '9007199254740993' });
    const body = d.body.replace('"id":"9007199254740993"', '"id":9007199254740993');
    const parsed = parseWebhook(body);
    expect(parsed.amountText).toBe('5100.10');
    expect(parsed.idText).toBe('9007199254740993');
  });

  it('acknowledges invoice.paid as paid and other invoice.* types as unknown (surfaced to onUnknownEvent)', async () => {
    const { seen, unknown, deliver } = setup();
    const paid = await deliver(
      testing.paylican.webhook({ type: 'invoice.paid', status: 'PAID', amount: '5100.00', merchantReference: 'REF-9' })
        .body,
    );
    expect(paid.status).toBe(200);
    expect(seen[0]).toMatchObject({
      type: 'payment.paid',
      paymentId: 'REF-9',
      amount: { value: '5100.00', unit: 'major' },
    });
    const viewed = await deliver(testing.paylican.webhook({ type: 'invoice.viewed', status: 'UNPAID' }).body);
    expect(viewed.status).toBe(200);
    expect(viewed.body).toBe('{"received":true}');
    expect(seen).toHaveLength(1);
    expect(unknown).toEqual([expect.objectContaining({ provider: 'paylican', type: 'invoice.viewed' })]);
  });

  it('answers 400 to a body that is not a Paylican webhook, and runs no handler', async () => {
    const { seen, deliver } = setup();
    const reply = await deliver('{"id":1,"type":"invoice.paid"}');
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error.code).toBe('ERR_PAYLOAD_INVALID');
    expect(seen).toHaveLength(0);
  });

  it('answers 500 when a handler throws, then runs the handler once and answers 200 to the retry, then dedupes', async () => {
    const { paywire, deliver } = setup();
    let calls = 0;
    let succeeded = 0;
    paywire.on('payment.paid', () => {
      calls++;
      if (calls === 1) throw new Error('database down');
      succeeded++;
    });
    const body = fixture('payment-executed');
    const first = await deliver(body);
    expect(first.status).toBe(500);
    expect(first.outcome).toBe('handler_failed');
    const retry = await deliver(body);
    expect(retry.status).toBe(200);
    expect(retry.outcome).toBe('processed');
    expect(calls).toBe(2);
    expect(succeeded).toBe(1);
    const again = await deliver(body);
    expect(again.status).toBe(200);
    expect(again.outcome).toBe('duplicate');
    expect(calls).toBe(2);
  });

  it('testing.paylican.webhook builds deliveries that pass the configured guard', async () => {
    const { paywire, seen } = setup();
    const d = testing.paylican.webhook({ status: 'PAID' }, auth);
    expect(d.query).toEqual({ token: GUARD_TOKEN });
    const reply = await paywire.webhooks.handle({
      provider: 'paylican',
      rawBody: d.body,
      headers: d.headers,
      query: d.query,
    });
    expect(reply.status).toBe(200);
    expect(seen).toHaveLength(1);
  });
});
