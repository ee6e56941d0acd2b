import { memoryStore, type MemoryStore, type PaymentRecord } from '@paywire/core';
import type { InProcessRow, Side } from '../lib/row.js';

/** Both stores' bounds: dedup records and ledger records. */
const BOUND = 100_000;
/** The under-bound store's TTLs, in ticks of its clock (one tick per event): about 90 % of the bound stays live. */
const UNDER_TTL = 90_000;
/** The full store's TTLs: nothing expires during the run, so every write evicts the oldest entry. */
const FULL_TTL = 7 * 24 * 3600 * 1000;

/** A Waylet event id as the pipeline stores it (`waylet:<24 hex>:PAID`), built fresh like a delivery's. */
const eventId = (i: number) => `waylet:${i.toString(16).padStart(24, '0')}:PAID`;

/**
 * One new event's store work as the webhook pipeline does it on the memory store: claim, ledger read (no record
 * yet), ledger write, done marker. Through the store's public methods, so both sides pay the same promises.
 */
async function newEvent(store: MemoryStore, i: number, ttl: number, now: number): Promise<void> {
  const key = eventId(i);
  const paymentId = `order-${i}`;
  await store.claim(key, 60_000, 'owner');
  const current = await store.getPayment('waylet', paymentId);
  const record: PaymentRecord = {
    provider: 'waylet',
    paymentId,
    status: 'paid',
    history: [{ eventId: key, type: 'payment.paid', at: now }],
    createdAt: now,
    updatedAt: now,
  };
  await store.putPayment(record, current?.version ?? 0, ttl);
  await store.complete(key, ttl);
}

/**
 * M (issue #12): `memoryStore()`'s cost per new event at its bounds (full: every write evicts the oldest dedup and
 * ledger record) against under its bounds (about 90 % full, where each write sweeps an expired entry instead).
 * Both stores hold the same bounds (100,000 dedup and 100,000 ledger records), so the comparison is eviction
 * against expiry at the same size, not a small map against a large one. The ratio is at ÷ under in events per CPU
 * second: ≥ 0.5 means at most twice the cost.
 */
export const row: InProcessRow = {
  id: 'M',
  kind: 'in-process',
  ours: '`memoryStore()` per new event at its bounds (full, every write evicts)',
  against: 'the same store under its bounds (90 % full, expired entries swept)',
  target: { text: '≥ 0.5 (≤ 2× the cost)', min: 0.5 },
  async setup() {
    const full = memoryStore({ maxDedupEntries: BOUND, maxPayments: BOUND, logger: silent });
    const started = Date.now();
    for (let i = 0; i < BOUND; i++) await newEvent(full, -1 - i, FULL_TTL, started);

    let tick = 0; // the under-bound store's clock: one tick per event
    const under = memoryStore({ maxDedupEntries: BOUND, maxPayments: BOUND, clock: { now: () => tick } });
    for (let i = 0; i < UNDER_TTL; i++) await newEvent(under, -1 - i, UNDER_TTL, tick++); // its steady state

    const ours: Side = { op: (i) => newEvent(full, i, FULL_TTL, started) };
    const alternative: Side = { op: (i) => newEvent(under, i, UNDER_TTL, tick++) };
    return { ours, alternative };
  },
};

/** The full store warns once when it starts evicting ledger records: expected here. */
const silent = { debug() {}, info() {}, warn() {}, error() {} };
