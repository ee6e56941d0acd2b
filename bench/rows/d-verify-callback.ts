import { verifyCallback } from '@paywire/core/waylet';
import { bareWayletVerify, WAYLET_SECRET, wayletBodies } from '../fixtures/waylet.js';
import type { InProcessRow } from '../lib/row.js';

/** D: `verifyCallback` against the bare node:crypto verification, in process. */
export const row: InProcessRow = {
  id: 'D',
  kind: 'in-process',
  ours: '`verifyCallback` (Waylet) in process',
  against: '`node:crypto` HMAC-SHA512 + `timingSafeEqual` + `JSON.parse`',
  target: { text: '≥ 0.8', min: 0.8 },
  async setup() {
    const bodies = wayletBodies(4096);
    const options = { secret: WAYLET_SECRET };
    return {
      ours: { op: (i) => verifyCallback(bodies[i & 4095] as string, options) },
      alternative: { op: (i) => bareWayletVerify(bodies[i & 4095] as string) },
    };
  },
};
