import { describe, expect, it } from 'vitest';
import { silentLogger as silent } from '../__test-support__/index.js';
import { createPaywire, memoryStore, type PaymentContext, type PaywireStore } from '../index.js';
import { testing } from '../testing/index.js';

const secret = 'waylet-secret-1';
const waylet = { baseUrl: 'http://127.0.0.1:9/api', apiKey: 'api-key-1', commerceId: 'c1', secret };

function setup(store: PaywireStore = memoryStore()) {
  const paywire = createPaywire({ providers: { waylet }, logger: silent, store });
  const delivery = testing.waylet.callback(
    { status: 'PAID', paymentId: 'order-1', wayletPaymentId: 'w-1' },
    { secret },
  );
  const post = () => paywire.webhooks.handle({ provider: 'waylet', rawBody: delivery.body });
  return { paywire, post };
}

describe('per-handler idempotency', () => {
  it('a redelivery re-runs only the handlers that did not complete', async () => {
    const { paywire, post } = setup();
    const runs: string[] = [];
    const attempts: (number | undefined)[] = [];
    let failures = 2;
    paywire.on('payment.paid', function creditWallet() {
      runs.push('credit');
    });
    paywire.on(
      'payment.paid',
      (_e, context: PaymentContext) => {
        runs.push('email');
        attempts.push(context.attempt);
        if (failures-- > 0) throw new Error('smtp down');
      },
      { name: 'send-receipt' },
    );
    paywire.on('payment.paid', function ship() {
      runs.push('ship');
    });
    expect((await post()).outcome).toBe('handler_failed');
    expect((await post()).outcome).toBe('handler_failed');
    expect((await post()).outcome).toBe('processed');
    expect((await post()).outcome).toBe('duplicate');
    expect(runs).toEqual(['credit', 'email', 'ship', 'email', 'email']);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('names: explicit, else the function name and a counter; explicit names must be unique', async () => {
    const { paywire, post } = setup();
    const failing = new Set(['anonymous#1']);
    const ran: string[] = [];
    const named = (name: string) => () => {
      ran.push(name);
      if (failing.delete(name)) throw new Error('first time');
    };
    paywire.on('payment.paid', named('anonymous#0'));
    paywire.on('payment.paid', named('anonymous#1'));
    expect(() => paywire.on('payment.paid', () => {}, { name: 'x' })).not.toThrow();
    expect(() => paywire.on('payment.failed', () => {}, { name: 'x' })).toThrow(TypeError);
    expect(() => paywire.on('payment.failed', () => {}, { name: '' })).toThrow(TypeError);
    expect((await post()).outcome).toBe('handler_failed');
    expect((await post()).outcome).toBe('processed');
    expect(ran).toEqual(['anonymous#0', 'anonymous#1', 'anonymous#1']);
  });

  it('the record of completed handlers expires with the dedup TTL and is dropped once the event is done', async () => {
    const store = memoryStore();
    const { paywire, post } = setup(store);
    let fail = true;
    paywire.on('payment.paid', () => {});
    paywire.on('payment.paid', () => {
      if (fail) throw new Error('once');
    });
    await post();
    expect(await store.get('handlers:waylet:w-1:PAID')).toBe('{"a":1,"h":["anonymous#0"]}');
    fail = false;
    await post();
    expect(await store.get('handlers:waylet:w-1:PAID')).toBeUndefined();
  });

  it('a handler that delivers its own event again, synchronously, gets 409 for it; its failure is still retried', async () => {
    // on memoryStore() a delivery runs synchronously until something waits: the lease must still be written
    // before the handlers run, or the inner delivery would take the event for a finished one
    const { paywire, post } = setup();
    let inner: Promise<{ status: number; outcome: string }> | undefined;
    let fail = true;
    let runs = 0;
    paywire.on('payment.paid', () => {
      runs++;
      inner ??= post();
      if (fail) throw new Error('the order service is down');
    });
    expect((await post()).outcome).toBe('handler_failed');
    expect(await inner).toMatchObject({ status: 409, outcome: 'in_progress' });
    fail = false;
    expect((await post()).outcome).toBe('processed');
    expect((await post()).outcome).toBe('duplicate');
    expect(runs).toBe(2);
  });
});
