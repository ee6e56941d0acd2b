import { memoryStore, type MemoryStore, type PaymentRecord } from '@paywire/core';
import type { InProcessRow, Side } from '../lib/row.js';

/** Both stores' bounds, dedup records and ledger records (the default dedup bound; `--quick`: a fifth of it). */
const boundOf = (quick: boolean) => (quick ? 20_000 : 100_000);
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
 * Both stores hold the same bounds (100,000 dedup and 100,000 ledger records; `--quick`: 20,000), so the
 * comparison is eviction against expiry at the same size, not a small map against a large one. The ratio is at ÷
 * under in events per CPU second: ≥ 0.5 means at most twice the cost.
 */
export const row: InProcessRow = {
  id: 'M',
  kind: 'in-process',
  ours: '`memoryStore()` per new event at its bounds (full, every write evicts)',
  against: 'the same store under its bounds (90 % full, expired entries swept)',
  target: { text: '≥ 0.5 (≤ 2× the cost)', min: 0.5 },
  async setup({ quick }) {
    const bound = boundOf(quick);
    const full = memoryStore({ maxDedupEntries: bound, maxPayments: bound, logger: silent });
    const started = Date.now();
    for (let i = 0; i < bound; i++) await newEvent(full, -1 - i, FULL_TTL, started);

    // the under-bound store's clock ticks once per event and its TTLs are 90 % of the bound in ticks, so about
    // 90 % of the bound stays live
    const underTtl = bound * 0.9;
    let tick = 0;
    const under = memoryStore({ maxDedupEntries: bound, maxPayments: bound, clock: { now: () => tick } });
    for (let i = 0; i < underTtl; i++) await newEvent(under, -1 - i, underTtl, tick++); // its steady state

    const ours: Side = { op: (i) => newEvent(full, i, FULL_TTL, started) };
    const alternative: Side = { op: (i) => newEvent(under, i, underTtl, tick++) };
    return { ours, alternative };
  },
};

/** The full store warns once when it starts evicting ledger records: expected here. */
const silent = { debug() {}, info() {}, warn() {}, error() {} };
