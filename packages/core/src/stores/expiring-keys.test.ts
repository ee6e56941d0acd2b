import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpiringKeys } from './expiring-keys.js';

/** The obvious implementation: an array in write order, walked from its start. */
class Model {
  entries: { key: string; expiresAt: number }[] = [];
  evicted: string[] = [];
  constructor(
    readonly max: number,
    readonly now: () => number,
  ) {}
  has(key: string): boolean {
    const i = this.entries.findIndex((e) => e.key === key);
    if (i < 0) return false;
    if ((this.entries[i] as { expiresAt: number }).expiresAt > this.now()) return true;
    this.entries.splice(i, 1);
    return false;
  }
  add(key: string, expiresAt: number): void {
    this.delete(key);
    this.entries.push({ key, expiresAt });
    for (let i = 0; i < 2 && this.entries.length > 0 && (this.entries[0]?.expiresAt ?? 0) <= this.now(); i++)
      this.entries.shift();
    while (this.entries.length > this.max) this.evicted.push((this.entries.shift() as { key: string }).key);
  }
  delete(key: string): void {
    this.entries = this.entries.filter((e) => e.key !== key);
  }
}

type Op =
  | { op: 'add'; key: string; ttl: number }
  | { op: 'has'; key: string }
  | { op: 'delete'; key: string }
  | { op: 'tick'; ms: number };

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), key, ttl: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ op: fc.constant('has' as const), key }),
  fc.record({ op: fc.constant('delete' as const), key }),
  fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 20 }) }),
);

describe('ExpiringKeys', () => {
  it('behaves like a write-ordered list with expiry and a bound, for any sequence of operations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 200 }), (max, ops) => {
        let now = 1_000;
        const evicted: string[] = [];
        const keys = new ExpiringKeys(
          max,
          () => now,
          (k) => void evicted.push(k),
        );
        const model = new Model(max, () => now);
        for (const o of ops) {
          if (o.op === 'tick') now += o.ms;
          else if (o.op === 'add') {
            keys.add(o.key, now + o.ttl);
            model.add(o.key, now + o.ttl);
          } else if (o.op === 'delete') {
            keys.delete(o.key);
            model.delete(o.key);
          } else expect(keys.has(o.key)).toBe(model.has(o.key));
          expect(keys.size).toBe(model.entries.length);
        }
        expect(evicted).toEqual(model.evicted);
      }),
      { numRuns: 500 },
    );
  });

  it('evicts in write order across many rewrites, drains and refills (the cursor never loses its place)', () => {
    const now = 0;
    const evicted: string[] = [];
    const keys = new ExpiringKeys(
      1_000,
      () => now,
      (k) => void evicted.push(k),
    );
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 3_000; i++) keys.add(`k${i}`, 1e9); // 2,000 evictions, oldest first
      expect(evicted.slice(-2_000)).toEqual(Array.from({ length: 2_000 }, (_, i) => `k${i}`));
      for (let i = 2_000; i < 3_000; i++) keys.delete(`k${i}`); // drained: the cursor runs off the end
      expect(keys.size).toBe(0);
      evicted.length = 0;
    }
  });

  it('finds a key built by concatenation by its text (it is kept flattened)', () => {
    // what the memory store's done markers cost: measured by the bench (row G), asserted here only as behaviour
    const keys = new ExpiringKeys(10, () => 0);
    const id = `waylet:${(255).toString(16).padStart(24, '0')}:PAID`;
    keys.add(id, 100);
    expect(keys.has('waylet:0000000000000000000000ff:PAID')).toBe(true);
  });
});
