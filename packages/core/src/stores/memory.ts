import type { Clock } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import type { ClaimResult, PaywireStore } from './types.js';

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Most records kept; the oldest are evicted first. An evicted done-marker means a replay of that very old
   * event would be processed again, so size this above the number of events you receive per dedup TTL.
   * @default 100000
   */
  maxEntries?: number;
  /** Clock, for tests. @default the system clock */
  clock?: Clock;
}

interface Entry {
  kind: 'lease' | 'done' | 'value';
  /** The lease owner, or the stored value. */
  value?: string;
  expiresAt: number;
}

/**
 * The default store: in this process's memory, O(1) per operation, bounded in size, with TTLs.
 * Right for one instance; with several instances behind a load balancer, use a shared store.
 *
 * @example
 * ```ts
 * const paywire = createPaywire({ providers, store: memoryStore({ maxEntries: 500_000 }) })
 * ```
 */
export function memoryStore(options: MemoryStoreOptions = {}): PaywireStore & { readonly size: number } {
  const maxEntries = options.maxEntries ?? 100_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError('memoryStore: maxEntries must be a positive integer');
  const clock = options.clock ?? systemClock;
  const entries = new Map<string, Entry>();

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= clock.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const put = (key: string, entry: Entry): void => {
    entries.delete(key); // re-insert at the young end
    entries.set(key, entry);
    // Sweep a couple of expired records at the old end, then enforce the bound.
    for (let i = 0; i < 2; i++) {
      const first = entries.entries().next().value;
      if (first && first[1].expiresAt <= clock.now()) entries.delete(first[0]);
    }
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  };

  return {
    get size() {
      return entries.size;
    },
    async claim(key, leaseMs, owner): Promise<ClaimResult> {
      const entry = live(`dedup:${key}`);
      if (entry?.kind === 'done') return 'done';
      if (entry?.kind === 'lease') return 'in_progress';
      put(`dedup:${key}`, { kind: 'lease', value: owner, expiresAt: clock.now() + leaseMs });
      return 'claimed';
    },
    async complete(key, ttlMs) {
      put(`dedup:${key}`, { kind: 'done', expiresAt: clock.now() + ttlMs });
    },
    async release(key, owner) {
      const entry = live(`dedup:${key}`);
      if (entry?.kind === 'lease' && entry.value === owner) entries.delete(`dedup:${key}`);
    },
    async get(key) {
      const entry = live(`kv:${key}`);
      return entry?.value;
    },
    async set(key, value, ttlMs) {
      put(`kv:${key}`, { kind: 'value', value, expiresAt: clock.now() + ttlMs });
    },
  };
}
