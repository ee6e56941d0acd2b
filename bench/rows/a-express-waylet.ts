import { bareExpress, paywireExpress, wayletHttpFixtures } from '../fixtures/express-waylet.js';
import { wayletBodies } from '../fixtures/waylet.js';
import type { HttpServerRow } from '../lib/row.js';

/**
 * A: a Waylet callback through Express. Every request is a new payment; the dedup TTL is 1 ms so a body sent
 * again later is processed again (claim, handler, complete) and the store stays small (A′ measures it full).
 */
export const row: HttpServerRow = {
  id: 'A',
  kind: 'http',
  ours: 'Express Waylet route (verify + parse + dedup + no-op handler)',
  against: 'bare Express route, `express.json()`, no-op',
  target: { text: '≥ 0.95', min: 0.95 },
  fixtures: async ({ quick }) => wayletHttpFixtures(wayletBodies(quick ? 16_384 : 65_536)),
  serveOurs: () => paywireExpress({ webhooks: { dedupTtlMs: 1 } }),
  serveAlternative: () => bareExpress(),
};
