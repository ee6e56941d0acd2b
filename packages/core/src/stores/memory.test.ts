import { describe, expect, it } from 'vitest';
import type { PaywireLogger } from '../lib/logger.js';
import { memoryStore } from './memory.js';
import type { PaymentRecord } from './types.js';

const record = (paymentId: string): PaymentRecord => ({
  provider: 'waylet',
  paymentId,
  status: 'pending',
  history: [],
  createdAt: 0,
  updatedAt: 0,
});

describe('memoryStore', () => {
  it('leases, completes, releases and expires on its clock', async () => {
    let now = 1_000;
    const store = memoryStore({ clock: { now: () => now } });
    expect(await store.claim('a', 100, 'A')).toBe('claimed');
    expect(await store.claim('a', 100, 'B')).toBe('in_progress');
    await store.release('a', 'A');
    expect(await store.claim('a', 100, 'B')).toBe('claimed');
    now += 101; // lease expired: a crashed worker does not block the key forever
    expect(await store.claim('a', 100, 'C')).toBe('claimed');
    await store.release('a', 'B'); // B's lease expired and C holds the key now: B cannot free C's lease
    expect(await store.claim('a', 100, 'D')).toBe('in_progress');
    await store.complete('a', 1_000);
    expect(await store.claim('a', 100, 'D')).toBe('done');
    now += 1_001;
    expect(await store.claim('a', 100, 'E')).toBe('claimed');
  });

  it('keeps dedup records, ledger records and values under separate bounds, evicting the oldest', async () => {
    const warnings: unknown[] = [];
    const logger: PaywireLogger = { debug() {}, info() {}, error() {}, warn: (m) => void warnings.push(m) };
    const store = memoryStore({ maxDedupEntries: 3, maxPayments: 2, maxValues: 2, logger });
    for (const k of ['a', 'b', 'c', 'd']) await store.complete(k, 60_000);
    expect(await store.claim('d', 10, 'x')).toBe('done');
    expect(await store.claim('a', 10, 'x')).toBe('claimed'); // evicted
    expect(await store.putPayment(record('p1'), 0, 60_000)).toBe(true);
    expect(await store.putPayment(record('p2'), 0, 60_000)).toBe(true);
    for (let i = 0; i < 100; i++) await store.complete(`traffic-${i}`, 60_000); // delivery traffic never evicts payments
    expect(store.paymentCount).toBe(2);
    expect(warnings).toEqual([]);
    expect(await store.putPayment(record('p3'), 0, 60_000)).toBe(true);
    expect(await store.putPayment(record('p4'), 0, 60_000)).toBe(true);
    expect(await store.getPayment('waylet', 'p1')).toBeUndefined();
    expect(warnings).toHaveLength(1); // once, however many are evicted
    expect(String(warnings[0])).toMatch(/maxPayments/);
    expect(() => memoryStore({ maxDedupEntries: 0 })).toThrow(TypeError);
    expect(() => memoryStore({ maxPayments: 1.5 })).toThrow(TypeError);
  });

  it("a write right after a read of the same payment checks the version the ledger holds now (expired, overtaken, another payment's)", async () => {
    let now = 1_000;
    const store = memoryStore({ clock: { now: () => now } });
    // expired between the read and the write: the record is absent, so only version 0 may write
    expect(await store.putPayment(record('p'), 0, 100)).toBe(true);
    expect((await store.getPayment('waylet', 'p'))?.version).toBe(1);
    now += 100;
    expect(await store.putPayment(record('p'), 1, 100)).toBe(false);
    expect(await store.putPayment(record('p'), 0, 100)).toBe(true);
    // overtaken: another write of it between this read and this write
    expect((await store.getPayment('waylet', 'p'))?.version).toBe(1);
    expect(await store.putPayment({ ...record('p'), status: 'paid' }, 1, 100)).toBe(true);
    expect(await store.putPayment({ ...record('p'), status: 'failed' }, 1, 100)).toBe(false);
    // a read of another payment in between: the write looks its own record up
    expect((await store.getPayment('waylet', 'p'))?.version).toBe(2);
    expect(await store.getPayment('waylet', 'q')).toBeUndefined();
    expect(await store.putPayment(record('p'), 1, 100)).toBe(false);
    expect(await store.putPayment(record('p'), 2, 100)).toBe(true);
    expect((await store.getPayment('waylet', 'p'))?.record.status).toBe('pending');
    // written already expired (a zero retention): gone for reads and writes alike
    expect(await store.putPayment(record('z'), 0, 0)).toBe(true);
    expect(await store.getPayment('waylet', 'z')).toBeUndefined();
    expect(await store.putPayment(record('z'), 1, 100)).toBe(false);
    expect(await store.putPayment(record('z'), 0, 100)).toBe(true);
  });

  it('still honours the v1 option maxEntries for dedup records', async () => {
    const store = memoryStore({ maxEntries: 1 });
    await store.complete('a', 60_000);
    await store.complete('b', 60_000);
    expect(await store.claim('a', 10, 'x')).toBe('claimed');
  });

  it('evicts at its bound without walking earlier deletions (200,000 events through a 1,000-record bound)', async () => {
    const store = memoryStore({ maxDedupEntries: 1_000 });
    for (let i = 0; i < 200_000; i++) {
      await store.claim(`e${i}`, 60_000, 'o');
      await store.complete(`e${i}`, 60_000);
    }
    expect(store.size).toBe(1_000);
    expect(await store.claim('e199999', 10, 'x')).toBe('done');
    expect(await store.claim('e198999', 10, 'x')).toBe('claimed');
  });
});
