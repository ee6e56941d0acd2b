import { memoryStore } from '@paywire/core';
import { bareExpress, paywireExpress, wayletHttpFixtures } from '../fixtures/express-waylet.js';
import { wayletBodies } from '../fixtures/waylet.js';
import type { HttpServerRow } from '../lib/row.js';

/** The default store's bound (`memoryStore()` keeps at most this many records). */
const DEFAULT_MAX_ENTRIES = 100_000;

/**
 * A′: row A with the default store (default size and dedup TTL) already full, so every delivery evicts the
 * oldest record. More distinct bodies than the store holds: a body sent again has long been evicted.
 */
export const row: HttpServerRow = {
  id: 'A′',
  kind: 'http',
  ours: 'same as A, default store full',
  against: 'same as A',
  target: { text: '≥ 0.9', min: 0.9 },
  fixtures: async ({ quick }) => wayletHttpFixtures(wayletBodies(quick ? 40_000 : 131_072)),
  async serveOurs() {
    const store = memoryStore();
    for (let i = 0; i < DEFAULT_MAX_ENTRIES; i++)
      await store.complete(`waylet:prefill${i.toString(16).padStart(24, '0')}:PAID`, 7 * 24 * 3600 * 1000);
    return paywireExpress({ store });
  },
  serveAlternative: () => bareExpress(),
};
