import type { Money, PaymentEventType, ProviderName } from '../events.js';

/** What {@link PaywireStore.claim} found. */
export type ClaimResult =
  /** Nobody processed this key yet (or a previous lease expired or was released): you now hold the lease. */
  | 'claimed'
  /**
   * Only from a store that {@link PaywireStore.remembersAttempts | remembers attempts}: an earlier attempt at this
   * key took its lease and never completed it (the lease expired or was released). You now hold the lease.
   */
  | 'reclaimed'
  /** Another delivery holds a live lease on this key right now. */
  | 'in_progress'
  /** This key was processed to completion before (and its done marker has not expired). */
  | 'done';

/**
 * Where a payment stands in the ledger. Allowed moves (anything else is stale):
 * `pending → pending | paid | failed | canceled`, `paid → refunded`, `failed → pending | paid | failed | canceled`
 * (a failed attempt can leave the payment open, e.g. a Paylican invoice). A new record may start in any status.
 */
export type PaymentStatus = 'pending' | 'paid' | 'failed' | 'canceled' | 'refunded';

/** One event applied to (or refused by) a payment record. */
export interface PaymentHistoryEntry {
  /** The event id (the dedup key). */
  eventId: string;
  /** The normalized event type. */
  type: PaymentEventType;
  /** When paywire applied it, ms since the epoch. */
  at: number;
  /** `true` when the state machine refused it (it went to `onStaleEvent`). */
  stale?: boolean;
}

/**
 * The ledger's record of one payment: provider + the merchant's payment id. Written when paywire starts a
 * payment (client calls) and on every event; never evicted by delivery traffic.
 */
export interface PaymentRecord {
  provider: ProviderName;
  /** The merchant's own payment reference (Waylet paymentId / externalId, Paylican merchantReference, …). */
  paymentId: string;
  /** The provider's id for it (wayletPaymentId, invoiceId, transaction id, payment token) once known. */
  providerPaymentId?: string;
  /** The amount as started or as first reported, exact decimal text. */
  amount?: Money;
  status: PaymentStatus;
  /** Applied (and stale) events, oldest first; bounded by the pipeline (last 50). */
  history: PaymentHistoryEntry[];
  /** ms since the epoch. */
  createdAt: number;
  /** ms since the epoch. */
  updatedAt: number;
}

/** A ledger record with the version used for compare-and-set. */
export interface VersionedPaymentRecord {
  record: PaymentRecord;
  /** Increases by one on every successful {@link PaywireStore.putPayment}; the first stored version is 1. */
  version: number;
}

/**
 * Storage paywire needs, v2. Three kinds of data, kept apart:
 * - delivery dedup: a lease per event id with an owner token (claim/renew/release) and a done marker with a TTL;
 * - the payment ledger: one record per payment, compare-and-set by version, kept for a retention period;
 * - small values with a TTL (ETpay session signature tokens, per-handler progress).
 *
 * Every method must be atomic per key. A store that cannot reach its backend rejects with
 * `PaywireError('ERR_STORE_UNAVAILABLE')` (the pipeline answers 503 + Retry-After and marks nothing done).
 */
export interface PaywireStore {
  /**
   * Atomically takes the processing lease for `key` unless it is done or leased; `owner` is a token unique to
   * this attempt, so only it can renew or release the lease. `rememberMs` (paywire passes its dedup TTL) is how
   * long a store that {@link PaywireStore.remembersAttempts | remembers attempts} keeps the key after its lease
   * ends; other stores ignore it.
   */
  claim(key: string, leaseMs: number, owner: string, rememberMs?: number): Promise<ClaimResult>;
  /** Extends the lease to `leaseMs` from now when `owner` still holds it; `false` when it does not. */
  renew(key: string, leaseMs: number, owner: string): Promise<boolean>;
  /** Drops the lease on `key` without marking it done — only when `owner` still holds it. */
  release(key: string, owner: string): Promise<void>;
  /** Marks `key` done (replacing any lease), remembered for `ttlMs`. */
  complete(key: string, ttlMs: number): Promise<void>;

  /** Reads the ledger record of one payment. */
  getPayment(provider: ProviderName, paymentId: string): Promise<VersionedPaymentRecord | undefined>;
  /**
   * Writes a ledger record when the stored version is `expectedVersion` (`0`: no record may exist yet).
   * Returns `false`, writing nothing, on a version conflict (the caller re-reads and retries).
   * The record is kept `retentionMs` after this write. A store may keep the very object it is given (the memory
   * store does, frozen): callers never change a record after writing it.
   */
  putPayment(record: PaymentRecord, expectedVersion: number, retentionMs: number): Promise<boolean>;

  /** Reads a value stored with {@link PaywireStore.set}. */
  get(key: string): Promise<string | undefined>;
  /** Stores a value for `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Deletes a value stored with {@link PaywireStore.set}. */
  delete(key: string): Promise<void>;

  /**
   * Optional: `true` when {@link PaywireStore.claim} remembers attempts. Such a store keeps a claimed key for
   * `rememberMs` after its lease expires or is released (as long as the done marker would be kept), and answers
   * `'reclaimed'` instead of `'claimed'` when it hands out the lease of a key whose earlier attempt never
   * completed. paywire then knows an unfinished attempt from the claim itself and writes no in-flight marker of
   * its own: one write and one delete per new event fewer. Without it, paywire writes that marker among the
   * values (`handlers:<event id>`) before an event's first ledger write. `@paywire/redis` remembers attempts.
   */
  readonly remembersAttempts?: boolean;

  /**
   * Optional: stores that can run one event's handlers and paywire's bookkeeping in one transaction
   * (`@paywire/postgres`). When present, the pipeline calls it once per event instead of claim/complete.
   */
  transactional?: TransactionalStore;
  /** Optional: closes connections the store opened itself. */
  close?(): Promise<void>;
}

/** A store that can run one delivery of one event in a single database transaction. */
export interface TransactionalStore {
  /**
   * Opens a transaction, locks the event's dedup row (waiting for a concurrent holder, or answering
   * `'in_progress'` after `lockTimeoutMs`), and, unless the event is already done, calls `work` with the open
   * transaction. Commits when `work` resolves, rolls back when it rejects (and rethrows). `options.payment` names
   * the ledger record the event applies to: a store may read and lock it together with the event (one round trip
   * fewer) and answer `work`'s first {@link StoreTransaction.getPayment} of it from that read.
   */
  runEvent<T>(
    eventId: string,
    options: { lockTimeoutMs: number; payment?: { provider: ProviderName; paymentId: string } },
    work: (tx: StoreTransaction) => Promise<T>,
  ): Promise<{ status: 'ran'; value: T } | { status: 'done' } | { status: 'in_progress' }>;
}

/** The bookkeeping half of one open transaction, plus the client handed to handlers as `context.tx`. */
export interface StoreTransaction {
  /** The database client inside the open transaction (for `pg`: a `PoolClient`). */
  readonly client: unknown;
  /** Marks the event done inside this transaction. */
  complete(ttlMs: number): Promise<void>;
  getPayment(provider: ProviderName, paymentId: string): Promise<VersionedPaymentRecord | undefined>;
  putPayment(record: PaymentRecord, expectedVersion: number, retentionMs: number): Promise<boolean>;
}
