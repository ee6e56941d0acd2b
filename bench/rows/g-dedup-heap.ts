import { memoryStore } from '@paywire/core';
import type { MemoryRow } from '../lib/row.js';

const TTL_MS = 7 * 24 * 3600 * 1000;

/** A Waylet event id as the pipeline stores it: `waylet:<24 hex>:PAID`. Built fresh, so its string counts too. */
const eventId = (i: number) => `waylet:${i.toString(16).padStart(24, '0')}:PAID`;

/**
 * G: heap retained per dedup record (`claim` then `complete`, as a delivery does) in the memory store, against a
 * plain `Map` of event id → expiry time holding the same ids.
 */
export const row: MemoryRow = {
  id: 'G',
  kind: 'memory',
  ours: '1,000,000 dedup records (`memoryStore`)',
  against: '`Map<eventId, expiresAt>`',
  target: { text: '≤ 150 B/record', max: 150 },
  records: ({ quick }) => (quick ? 250_000 : 1_000_000),
  async fillOurs(n) {
    const store = memoryStore({ maxEntries: n });
    for (let i = 0; i < n; i++) {
      const id = eventId(i);
      await store.claim(id, 120_000, 'owner');
      await store.complete(id, TTL_MS);
    }
    return store;
  },
  async fillAlternative(n) {
    const map = new Map<string, number>();
    const now = Date.now();
    for (let i = 0; i < n; i++) map.set(eventId(i), now + TTL_MS);
    return map;
  },
};
