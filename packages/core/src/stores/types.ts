/** What {@link PaywireStore.claim} found. */
export type ClaimResult =
  /** Nobody processed this key yet (or a previous lease expired or was released): you now hold the lease. */
  | 'claimed'
  /** Another delivery holds a live lease on this key right now. */
  | 'in_progress'
  /** This key was processed to completion before. */
  | 'done';

/**
 * Storage paywire needs: deduplication records (a processing lease and a done marker per event) and small
 * values with a TTL (ETpay's per-session signature tokens). Implement it over Redis, a SQL table, etc. to run
 * several instances; every method must be atomic per key.
 */
export interface PaywireStore {
  /** Atomically takes the processing lease for `key` unless it is done or leased. */
  claim(key: string, leaseMs: number): Promise<ClaimResult>;
  /** Marks `key` done, remembered for `ttlMs`. */
  complete(key: string, ttlMs: number): Promise<void>;
  /** Drops the lease on `key` without marking it done (its handler failed: the redelivery must run). */
  release(key: string): Promise<void>;
  /** Reads a value stored with {@link PaywireStore.set}. */
  get(key: string): Promise<string | undefined>;
  /** Stores a value for `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
}
