import type { Clock } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import { consoleLogger, type PaywireLogger } from '../lib/logger.js';
import { BoundedMap } from './bounded-map.js';
import { ExpiringKeys, ExpiringMap } from './expiring-keys.js';
import { registerDirectOperations, type StoreOperations } from './operations.js';
import type { ClaimResult, PaymentRecord, PaywireStore, VersionedPaymentRecord } from './types.js';

/** The memory store's operations are synchronous: each answers its value, never a promise. */
type SyncOperations = {
  [K in keyof StoreOperations]: (
    ...args: Parameters<StoreOperations[K]>
  ) => Exclude<ReturnType<StoreOperations[K]>, PromiseLike<unknown>>;
};

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Most done markers kept, and apart from them most leases (events being processed); the oldest are evicted
   * first. A done marker costs about 90 bytes plus its event id. An evicted done marker
   * means a replay of that very old event is deduplicated by the ledger only (a terminal event is still
   * refused as stale), so size this above the number of events you receive per dedup TTL.
   * @default 100000
   */
  maxDedupEntries?: number;
  /** @deprecated the v1 name of {@link MemoryStoreOptions.maxDedupEntries}. */
  maxEntries?: number;
  /**
   * Most payment ledger records kept, apart from the dedup records so delivery traffic never evicts them.
   * Past the bound the oldest-written record goes and a warning is logged once: its ids/amount binding is lost.
   * A record is a frozen object of a few hundred bytes, so the default costs at most a few hundred MB when full.
   * @default 1000000
   */
  maxPayments?: number;
  /** Most values ({@link PaywireStore.set}: ETpay sessions, per-handler progress) kept. @default 100000 */
  maxValues?: number;
  /** Clock, for tests. @default the system clock */
  clock?: Clock;
  /** Where the once-only eviction warning goes. @default consoleLogger */
  logger?: PaywireLogger;
}

/** What {@link memoryStore} returns: a {@link PaywireStore} plus its sizes. */
export type MemoryStore = PaywireStore & {
  /** Dedup records + values held. */
  readonly size: number;
  /** Ledger records held. */
  readonly paymentCount: number;
};

/**
 * Freezes a ledger record in place, deeply (the store keeps the very object it is given: no copy, and nobody can
 * change it afterwards, not even a handler it is shown to). History entries of earlier versions are frozen already.
 */
function frozen(record: PaymentRecord): PaymentRecord {
  if (Object.isFrozen(record)) return record;
  for (const entry of record.history) if (!Object.isFrozen(entry)) Object.freeze(entry);
  Object.freeze(record.history);
  if (record.amount) Object.freeze(record.amount);
  return Object.freeze(record);
}

/**
 * A ledger record as the store keeps it: the frozen record, its version and its expiry (ms since the map's
 * creation) in one object. `getPayment` answers a new `{ record, version }` (a short-lived object per read, where
 * a kept wrapper per record would cost every record an object more for the garbage collector to trace).
 */
interface StoredPayment {
  readonly record: PaymentRecord;
  readonly version: number;
  readonly at: number;
}

const expiryOfPayment = (stored: StoredPayment): number => stored.at;

const positive = (name: string, value: number): number => {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`memoryStore: ${name} must be a positive integer`);
  return value;
};

/**
 * The default store: in this process's memory, O(1) per operation, bounded in size, with TTLs. Dedup records,
 * ledger records and values have separate bounds. Right for one instance; with several instances behind a
 * load balancer, use a shared store (`@paywire/redis`, `@paywire/postgres`).
 *
 * @example
 * ```ts
 * import { memoryStore } from '@paywire/core';
 * const store = memoryStore({ maxDedupEntries: 500_000, maxPayments: 2_000_000 });
 * ```
 * @throws TypeError when a bound is not a positive integer.
 */
export function memoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const logger = options.logger ?? consoleLogger;
  let warned = false;
  const maxDedup = positive('maxDedupEntries', options.maxDedupEntries ?? options.maxEntries ?? 100_000);
  // dedup records: leases (few, short-lived, with their owner) apart from done markers (most entries: compact)
  const leases = new BoundedMap<string>(maxDedup, now);
  const done = new ExpiringKeys(maxDedup, now);
  const values = new BoundedMap<string>(positive('maxValues', options.maxValues ?? 100_000), now);
  const maxPayments = positive('maxPayments', options.maxPayments ?? 1_000_000);
  const payments = new ExpiringMap<StoredPayment>(maxPayments, now, expiryOfPayment, () => {
    if (warned) return;
    warned = true;
    logger.warn(
      'memoryStore: payment ledger full, evicting the oldest records (raise maxPayments or use a shared store)',
      { maxPayments },
    );
  });
  const paymentKey = (provider: string, paymentId: string) => `${provider}\u0000${paymentId}`;

  const operations: StoreOperations = {
    claim(key, leaseMs, owner): ClaimResult {
      key.charCodeAt(0); // flattens a concatenated id in place: every later lookup of it hashes one flat string
      if (done.has(key)) return 'done';
      if (leases.get(key)) return 'in_progress';
      leases.set(key, owner, now() + leaseMs);
      return 'claimed';
    },
    renew(key, leaseMs, owner) {
      if (leases.get(key) !== owner) return false;
      leases.set(key, owner, now() + leaseMs);
      return true;
    },
    release(key, owner) {
      if (leases.get(key) === owner) leases.delete(key);
    },
    complete(key, ttlMs) {
      leases.delete(key);
      done.add(key, now() + ttlMs);
    },
    getPayment(provider, paymentId): VersionedPaymentRecord | undefined {
      const stored = payments.get(paymentKey(provider, paymentId));
      // the record is frozen: nobody can change it in place
      return stored === undefined ? undefined : { record: stored.record, version: stored.version };
    },
    putPayment(record, expectedVersion, retentionMs) {
      const key = paymentKey(record.provider, record.paymentId);
      const version = payments.get(key)?.version ?? 0;
      if (version !== expectedVersion) return false;
      const at = payments.sinceEpoch(now() + retentionMs);
      payments.set(key, { record: frozen(record), version: version + 1, at });
      return true;
    },
    get: (key) => values.get(key),
    set(key, value, ttlMs) {
      values.set(key, value, now() + ttlMs);
    },
    delete(key) {
      values.delete(key);
    },
  };
  const ops = operations as SyncOperations;

  const store: MemoryStore = {
    get size() {
      return leases.size + done.size + values.size;
    },
    get paymentCount() {
      return payments.size;
    },
    claim: async (key, leaseMs, owner) => ops.claim(key, leaseMs, owner),
    renew: async (key, leaseMs, owner) => ops.renew(key, leaseMs, owner),
    release: async (key, owner) => ops.release(key, owner),
    complete: async (key, ttlMs) => ops.complete(key, ttlMs),
    getPayment: async (provider, paymentId) => ops.getPayment(provider, paymentId),
    putPayment: async (record, expectedVersion, retentionMs) => ops.putPayment(record, expectedVersion, retentionMs),
    get: async (key) => ops.get(key),
    set: async (key, value, ttlMs) => ops.set(key, value, ttlMs),
    delete: async (key) => ops.delete(key),
  };
  // the pipeline calls these synchronously when it is given this very object (not a copy or a proxy of it)
  registerDirectOperations(store, operations);
  return store;
}
