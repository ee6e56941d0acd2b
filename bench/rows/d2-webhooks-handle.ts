import { createPaywire } from '@paywire/core';
import { bareWayletVerify, wayletBodies, wayletProvider } from '../fixtures/waylet.js';
import type { InProcessRow } from '../lib/row.js';

/**
 * D′: the whole pipeline in process (read, verify, parse, dedup claim + complete, a no-op handler, ack). The
 * dedup TTL is 1 ms so a body seen again 4096 deliveries later is processed again, never answered as a duplicate.
 */
export const row: InProcessRow = {
  id: 'D′',
  kind: 'in-process',
  ours: '`webhooks.handle()` in process',
  against: 'same as D',
  target: { text: '≥ 0.5', min: 0.5 },
  async setup() {
    const bodies = wayletBodies(4096);
    const paywire = createPaywire({ providers: { waylet: wayletProvider }, webhooks: { dedupTtlMs: 1 } });
    paywire.on('payment.paid', () => {});
    return {
      ours: { op: (i) => paywire.webhooks.handle({ provider: 'waylet', rawBody: bodies[i & 4095] }) },
      alternative: { op: (i) => bareWayletVerify(bodies[i & 4095] as string) },
      close: () => paywire.close(),
    };
  },
};
