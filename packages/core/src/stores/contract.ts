import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { PaymentRecord, PaywireStore } from './types.js';

/** The test-runner functions the contract suite needs (vitest's and jest's fit; node:test's `describe`/`it` too). */
export interface StoreContractRunner {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>, timeoutMs?: number): unknown;
  afterEach?(body: () => Promise<void> | void): unknown;
}

/** Options of {@link describeStoreContract}. */
export interface StoreContractOptions {
  /**
   * The short TTL the expiry cases use, in ms; they wait about twice as long. Raise it for a slow backend.
   * @default 150
   */
  ttlMs?: number;
  /** Close each store after its case (calls `store.close()` when present). @default true */
  closeStores?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every {@link PaywireStore} must have, as a test suite: run it against your own store.
 * Assertions use `node:assert`, so it runs under any runner; keys are random, so a shared backend need not be
 * emptied between cases. Expiry cases use short real TTLs.
 *
 * @example
 * ```ts
 * import { describe, it, afterEach } from 'vitest'
 * import type { PaywireStore } from '@paywire/core'
 * import { describeStoreContract } from '@paywire/core/testing'
 * declare function myStore(options: { url: string }): PaywireStore
 * describeStoreContract('my store', () => myStore({ url: 'redis://127.0.0.1:6379' }), { describe, it, afterEach })
 * ```
 * @throws nothing itself; failing cases throw `AssertionError` inside the runner.
 */
export function describeStoreContract(
  name: string,
  makeStore: () => PaywireStore | Promise<PaywireStore>,
  runner: StoreContractRunner,
  options: StoreContractOptions = {},
): void {
  const ttl = options.ttlMs ?? 150;
  const opened: PaywireStore[] = [];
  const open = async () => {
    const store = await makeStore();
    opened.push(store);
    return store;
  };
  const key = (label: string) => `contract-${label}-${randomUUID()}`;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- test runners' describe/it are plain functions
  const { describe, it } = runner;
  if (options.closeStores !== false)
    runner.afterEach?.(async () => {
      for (const store of opened.splice(0)) await store.close?.();
    });

  describe(`store contract: ${name}`, () => {
    describeDedup(it, open, key, ttl);
    describeLedger(it, open, key, ttl);
    describeValues(it, open, key, ttl);
  });
}

type It = StoreContractRunner['it'];

/** What a claim answers after an unfinished attempt at the key (its lease released or expired). */
const afterUnfinished = (store: PaywireStore) => (store.remembersAttempts === true ? 'reclaimed' : 'claimed');
type Open = () => Promise<PaywireStore>;
type Key = (label: string) => string;

function describeDedup(it: It, open: Open, key: Key, ttl: number): void {
  it('claim: claimed, then in_progress for anyone while leased, then done once completed', async () => {
    const store = await open();
    const k = key('claim');
    strictEqual(await store.claim(k, 60_000, 'A'), 'claimed');
    strictEqual(await store.claim(k, 60_000, 'B'), 'in_progress');
    strictEqual(await store.claim(k, 60_000, 'A'), 'in_progress');
    strictEqual(await store.claim(key('other'), 60_000, 'B'), 'claimed');
    await store.complete(k, 60_000);
    strictEqual(await store.claim(k, 60_000, 'C'), 'done');
    await store.release(k, 'A'); // releasing a done key does nothing
    strictEqual(await store.claim(k, 60_000, 'C'), 'done');
    strictEqual(await store.renew(k, 60_000, 'A'), false);
  });

  it('release and renew: only the owner', async () => {
    const store = await open();
    const k = key('owner');
    strictEqual(await store.renew(k, 60_000, 'A'), false); // nothing to renew
    strictEqual(await store.claim(k, 60_000, 'A'), 'claimed');
    await store.release(k, 'B');
    strictEqual(await store.claim(k, 60_000, 'B'), 'in_progress');
    strictEqual(await store.renew(k, 60_000, 'B'), false);
    strictEqual(await store.renew(k, 60_000, 'A'), true);
    await store.release(k, 'A');
    strictEqual(await store.renew(k, 60_000, 'A'), false);
    strictEqual(await store.claim(k, 60_000, 'B'), afterUnfinished(store));
  });

  it('a lease expires; renew extends it; an expired owner cannot release or renew the next lease', async () => {
    const store = await open();
    const k = key('expiry');
    strictEqual(await store.claim(k, ttl, 'A'), 'claimed');
    await sleep(ttl / 2);
    strictEqual(await store.renew(k, ttl * 3, 'A'), true);
    await sleep(ttl);
    strictEqual(await store.claim(k, ttl, 'B'), 'in_progress'); // renewed past its first expiry
    await sleep(ttl * 3);
    strictEqual(await store.claim(k, 60_000, 'B'), 'claimed');
    await store.release(k, 'A');
    strictEqual(await store.renew(k, 60_000, 'A'), false);
    strictEqual(await store.claim(k, 60_000, 'C'), 'in_progress');
  }, 10_000);

  it('a claim after an unfinished attempt: reclaimed when the store remembers attempts, for rememberMs', async () => {
    const store = await open();
    const again = afterUnfinished(store);
    const released = key('released');
    strictEqual(await store.claim(released, 60_000, 'A', 60_000), 'claimed');
    await store.release(released, 'A');
    strictEqual(await store.claim(released, 60_000, 'B', 60_000), again);
    strictEqual(await store.claim(released, 60_000, 'C', 60_000), 'in_progress');
    strictEqual(await store.renew(released, 60_000, 'B'), true);
    await store.complete(released, 60_000);
    strictEqual(await store.claim(released, 60_000, 'C', 60_000), 'done');

    // a lease that ran out: renewed once (the key is still remembered for rememberMs), then never again
    const expired = key('expired');
    strictEqual(await store.claim(expired, ttl, 'A', ttl * 20), 'claimed');
    strictEqual(await store.renew(expired, ttl, 'A'), true);
    await sleep(ttl * 2);
    strictEqual(await store.renew(expired, 60_000, 'A'), false);
    await store.release(expired, 'A'); // too late: changes nothing
    strictEqual(await store.claim(expired, 60_000, 'B', 60_000), again);
    strictEqual(await store.claim(expired, 60_000, 'C', 60_000), 'in_progress');

    // past rememberMs the attempt is forgotten
    const forgotten = key('forgotten');
    strictEqual(await store.claim(forgotten, ttl, 'A', ttl * 2), 'claimed');
    await sleep(ttl * 3);
    strictEqual(await store.claim(forgotten, 60_000, 'B', 60_000), 'claimed');
  }, 10_000);

  it('a done marker expires after its TTL', async () => {
    const store = await open();
    const k = key('done-ttl');
    strictEqual(await store.claim(k, 60_000, 'A'), 'claimed');
    await store.complete(k, ttl);
    strictEqual(await store.claim(k, 60_000, 'B'), 'done');
    await sleep(ttl * 2);
    strictEqual(await store.claim(k, 60_000, 'B'), 'claimed');
  }, 10_000);

  it('50 concurrent claims of one key: exactly one is claimed', async () => {
    const store = await open();
    const k = key('race');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.claim(k, 60_000, `owner-${i}`)));
    strictEqual(results.filter((r) => r === 'claimed').length, 1);
    strictEqual(results.filter((r) => r === 'in_progress').length, 49);
  });
}

const record = (paymentId: string, patch: Partial<PaymentRecord> = {}): PaymentRecord => ({
  provider: 'waylet',
  paymentId,
  status: 'pending',
  history: [],
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  ...patch,
});

function describeLedger(it: It, open: Open, key: Key, ttl: number): void {
  it('putPayment: compare-and-set by version; getPayment returns the record as written', async () => {
    const store = await open();
    const id = key('pay:ment{1}');
    strictEqual(await store.getPayment('waylet', id), undefined);
    const first = record(id, { providerPaymentId: 'w-1', amount: { value: '300', currency: 'EUR', unit: 'minor' } });
    strictEqual(await store.putPayment(first, 1, 60_000), false); // no record yet: only version 0 may write
    strictEqual(await store.putPayment(first, 0, 60_000), true);
    deepStrictEqual(await store.getPayment('waylet', id), { record: first, version: 1 });
    strictEqual(await store.putPayment(first, 0, 60_000), false);
    const paid = {
      ...first,
      status: 'paid' as const,
      history: [{ eventId: 'waylet:w-1:PAID', type: 'payment.paid' as const, at: 1_700_000_000_001 }],
      updatedAt: 1_700_000_000_001,
    };
    strictEqual(await store.putPayment(paid, 1, 60_000), true);
    strictEqual(await store.putPayment({ ...paid, status: 'failed' }, 1, 60_000), false); // stale version
    deepStrictEqual(await store.getPayment('waylet', id), { record: paid, version: 2 });
    strictEqual(await store.getPayment('paylican', id), undefined); // one record per provider + payment id
  });

  it('20 concurrent writers on one version: exactly one wins', async () => {
    const store = await open();
    const id = key('cas');
    ok(await store.putPayment(record(id), 0, 60_000));
    const wins = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.putPayment(record(id, { providerPaymentId: `w-${i}` }), 1, 60_000)),
    );
    strictEqual(wins.filter(Boolean).length, 1);
    const stored = await store.getPayment('waylet', id);
    strictEqual(stored?.version, 2);
    strictEqual(stored?.record.providerPaymentId, `w-${wins.indexOf(true)}`);
  });

  it('a ledger record is kept for its retention after the last write', async () => {
    const store = await open();
    const id = key('retention');
    ok(await store.putPayment(record(id), 0, ttl));
    await sleep(ttl / 2);
    ok(await store.putPayment(record(id, { status: 'paid' }), 1, ttl * 3));
    await sleep(ttl);
    strictEqual((await store.getPayment('waylet', id))?.record.status, 'paid');
    await sleep(ttl * 3);
    strictEqual(await store.getPayment('waylet', id), undefined);
  }, 10_000);
}

function describeValues(it: It, open: Open, key: Key, ttl: number): void {
  it('values: set, overwrite, get, delete, apart from dedup keys of the same name', async () => {
    const store = await open();
    const k = key('value');
    strictEqual(await store.get(k), undefined);
    await store.set(k, 'one', 60_000);
    await store.set(k, 'två ✓ {"json":true}', 60_000);
    strictEqual(await store.get(k), 'två ✓ {"json":true}');
    strictEqual(await store.claim(k, 60_000, 'A'), 'claimed'); // a dedup key is not a value
    strictEqual(await store.get(k), 'två ✓ {"json":true}');
    await store.delete(k);
    strictEqual(await store.get(k), undefined);
    await store.delete(k); // deleting a missing value is fine
    strictEqual(await store.claim(k, 60_000, 'B'), 'in_progress');
  });

  it('values expire after their TTL', async () => {
    const store = await open();
    const k = key('value-ttl');
    await store.set(k, 'v', ttl);
    strictEqual(await store.get(k), 'v');
    await sleep(ttl * 2);
    strictEqual(await store.get(k), undefined);
  }, 10_000);
}
