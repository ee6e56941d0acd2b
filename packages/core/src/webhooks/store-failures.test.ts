import { describe, expect, it } from 'vitest';
import { silentLogger as silent } from '../__test-support__/index.js';
import {
  createPaywire,
  memoryStore,
  StoreError,
  type PaywireStore,
  type StoreTransaction,
  type TransactionalStore,
  type VersionedPaymentRecord,
} from '../index.js';
import { testing } from '../testing/index.js';

const secret = 'waylet-secret-1';
const waylet = { baseUrl: 'http://127.0.0.1:9/api', apiKey: 'api-key-1', commerceId: 'c1', secret };
const delivery = testing.waylet.callback({ status: 'PAID', paymentId: 'order-1', wayletPaymentId: 'w-1' }, { secret });

type Method = 'claim' | 'get' | 'set' | 'getPayment' | 'putPayment' | 'complete';

/** A memory store whose methods named in `down` reject, as a store whose backend went away does. */
function flakyStore(down: Set<Method>, plain = false): PaywireStore {
  const inner = memoryStore();
  const fail = (m: Method) =>
    Promise.reject(
      plain
        ? new Error('connect ECONNREFUSED 127.0.0.1:6379')
        : new StoreError('ERR_STORE_UNAVAILABLE', `store down (${m})`),
    );
  return {
    ...inner,
    claim: (...a) => (down.has('claim') ? fail('claim') : inner.claim(...a)),
    get: (...a) => (down.has('get') ? fail('get') : inner.get(...a)),
    set: (...a) => (down.has('set') ? fail('set') : inner.set(...a)),
    getPayment: (...a) => (down.has('getPayment') ? fail('getPayment') : inner.getPayment(...a)),
    putPayment: (...a) => (down.has('putPayment') ? fail('putPayment') : inner.putPayment(...a)),
    complete: (...a) => (down.has('complete') ? fail('complete') : inner.complete(...a)),
  };
}

describe('store failures', () => {
  it('a method replaced on the memory store object itself is called: its failure answers 503', async () => {
    // the pipeline calls memoryStore()'s operations synchronously only while its methods are the original ones
    const store = memoryStore();
    const paywire = createPaywire({ providers: { waylet }, logger: silent, store });
    let runs = 0;
    paywire.on('payment.paid', () => void runs++);
    const original = store.complete;
    store.complete = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody: delivery.body });
    expect([reply.status, reply.error?.code]).toEqual([503, 'ERR_STORE_UNAVAILABLE']);
    store.complete = original;
    const again = await paywire.webhooks.handle({ provider: 'waylet', rawBody: delivery.body });
    expect([again.status, again.outcome]).toEqual([200, 'processed']);
    const replay = await paywire.webhooks.handle({ provider: 'waylet', rawBody: delivery.body });
    expect(replay.outcome).toBe('duplicate');
    expect(runs).toBe(2); // the first run's completion was never recorded, so the redelivery ran the handler again
  });

  for (const method of ['claim', 'set', 'getPayment', 'putPayment', 'complete'] as const) {
    it(`${method} failing → 503 with Retry-After, nothing marked done; processed once the store is back`, async () => {
      const down = new Set<Method>([method]);
      const paywire = createPaywire({
        providers: { waylet },
        logger: silent,
        store: flakyStore(down, method === 'claim'),
      });
      let runs = 0;
      paywire.on('payment.paid', () => void runs++);
      const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody: delivery.body });
      expect([reply.status, reply.outcome, reply.error?.code, reply.headers['retry-after']]).toEqual([
        503,
        'store_unavailable',
        'ERR_STORE_UNAVAILABLE',
        '5',
      ]);
      expect(reply.body).not.toContain('ECONNREFUSED');
      down.clear();
      const again = await paywire.webhooks.handle({ provider: 'waylet', rawBody: delivery.body });
      expect([again.status, again.outcome]).toEqual([200, 'processed']);
      expect(runs).toBe(method === 'complete' ? 2 : 1); // at-least-once: a handler that ran before the done marker failed runs again
      expect((await paywire.webhooks.handle({ provider: 'waylet', rawBody: delivery.body })).outcome).toBe('duplicate');
    });
  }

  it('get failing while a redelivery resumes an event → 503; processed once the store is back', async () => {
    const down = new Set<Method>();
    const paywire = createPaywire({ providers: { waylet }, logger: silent, store: flakyStore(down) });
    let fail = true;
    paywire.on('payment.paid', () => {
      if (fail) throw new Error('once');
    });
    const post = () => paywire.webhooks.handle({ provider: 'waylet', rawBody: delivery.body });
    expect((await post()).outcome).toBe('handler_failed');
    fail = false;
    down.add('get'); // reading which handlers completed
    expect((await post()).status).toBe(503);
    down.clear();
    expect((await post()).outcome).toBe('processed');
  });

  it('paywire.payments.get answers ERR_STORE_UNAVAILABLE when the store fails', async () => {
    const paywire = createPaywire({
      providers: { waylet },
      logger: silent,
      store: flakyStore(new Set(['getPayment']), true),
    });
    await expect(paywire.payments.get('waylet', 'x')).rejects.toMatchObject({
      code: 'ERR_STORE_UNAVAILABLE',
      httpStatus: 503,
    });
  });

  it('refuses a v1 store (no renew, no ledger) at createPaywire', () => {
    const { claim, complete, release, get, set } = memoryStore();
    expect(() =>
      createPaywire({
        providers: { waylet },
        store: { claim, complete, release, get, set } as unknown as PaywireStore,
      }),
    ).toThrow(/renew, getPayment, putPayment, delete/);
  });
});

/** A transactional store double over a memory store: writes are buffered and applied on commit. */
function transactionalStore(): PaywireStore & { commits: number; rollbacks: number } {
  const inner = memoryStore();
  const state = { commits: 0, rollbacks: 0 };
  const transactional: TransactionalStore = {
    async runEvent(eventId, _options, work) {
      if ((await inner.claim(eventId, 60_000, 'tx')) === 'done') return { status: 'done' };
      const writes: (() => Promise<unknown>)[] = [];
      const staged = new Map<string, VersionedPaymentRecord>();
      const tx: StoreTransaction = {
        client: { id: 'client-1' },
        complete: async (ttl) => void writes.push(() => inner.complete(eventId, ttl)),
        getPayment: async (p, id) => staged.get(`${p}/${id}`) ?? inner.getPayment(p, id),
        putPayment: async (record, expected, retention) => {
          const current = await tx.getPayment(record.provider, record.paymentId);
          if ((current?.version ?? 0) !== expected) return false;
          staged.set(`${record.provider}/${record.paymentId}`, { record, version: expected + 1 });
          writes.push(() => inner.putPayment(record, expected, retention));
          return true;
        },
      };
      try {
        const value = await work(tx);
        for (const write of writes) await write();
        state.commits++;
        return { status: 'ran', value };
      } catch (err) {
        await inner.release(eventId, 'tx');
        state.rollbacks++;
        throw err;
      }
    },
  };
  return {
    ...inner,
    transactional,
    get commits() {
      return state.commits;
    },
    get rollbacks() {
      return state.rollbacks;
    },
  };
}

describe('a transactional store (store.transactional.runEvent)', () => {
  it('runs handlers with context.tx, marks done and writes the ledger in the transaction, rolls back on failure', async () => {
    const store = transactionalStore();
    const paywire = createPaywire({ providers: { waylet }, logger: silent, store });
    const seen: unknown[] = [];
    let fail = true;
    paywire.on('payment.paid', (_e, { tx }) => {
      seen.push(tx);
      if (fail) throw new Error('constraint violated');
    });
    const post = () => paywire.webhooks.handle({ provider: 'waylet', rawBody: delivery.body });
    expect((await post()).outcome).toBe('handler_failed');
    expect(store.rollbacks).toBe(1);
    expect(await paywire.payments.get('waylet', 'order-1')).toBeUndefined(); // the ledger write was rolled back
    fail = false;
    expect((await post()).outcome).toBe('processed');
    expect(seen).toEqual([{ id: 'client-1' }, { id: 'client-1' }]);
    expect(await paywire.payments.get('waylet', 'order-1')).toMatchObject({
      status: 'paid',
      history: [{ eventId: 'waylet:w-1:PAID' }],
    });
    expect((await post()).outcome).toBe('duplicate');
    expect(store.commits).toBe(1);
  });
});
