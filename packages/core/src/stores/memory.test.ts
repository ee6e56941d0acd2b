import { describe, expect, it } from 'vitest';
import { memoryStore } from './memory.js';

describe('memoryStore', () => {
  it('leases, completes, releases and expires', async () => {
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
    await store.release('a', 'C'); // releasing a done key does nothing
    expect(await store.claim('a', 100, 'D')).toBe('done');
    now += 1_001;
    expect(await store.claim('a', 100, 'E')).toBe('claimed');
  });

  it('stores values with a TTL', async () => {
    let now = 0;
    const store = memoryStore({ clock: { now: () => now } });
    await store.set('k', 'v', 50);
    expect(await store.get('k')).toBe('v');
    now = 50;
    expect(await store.get('k')).toBeUndefined();
  });

  it('stays within maxEntries, evicting the oldest', async () => {
    const store = memoryStore({ maxEntries: 3 });
    for (const k of ['a', 'b', 'c', 'd']) await store.complete(k, 60_000);
    expect(store.size).toBe(3);
    expect(await store.claim('d', 10, 'x')).toBe('done');
    expect(await store.claim('a', 10, 'x')).toBe('claimed');
    expect(() => memoryStore({ maxEntries: 0 })).toThrow(TypeError);
  });
});
