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
  /**
   * Atomically takes the processing lease for `key` unless it is done or leased; `owner` is a token unique to
   * this attempt, so only it can release the lease.
   */
  claim(key: string, leaseMs: number, owner: string): Promise<ClaimResult>;
  /** Marks `key` done, remembered for `ttlMs`. */
  complete(key: string, ttlMs: number): Promise<void>;
  /**
   * Drops the lease on `key` without marking it done (its handler failed: the redelivery must run) — only when
   * `owner` still holds it. A slow attempt whose lease expired and was claimed by another delivery must not
   * free that delivery's lease (a third delivery would then run the handlers at the same time).
   */
  release(key: string, owner: string): Promise<void>;
  /** Reads a value stored with {@link PaywireStore.set}. */
  get(key: string): Promise<string | undefined>;
  /** Stores a value for `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
}
