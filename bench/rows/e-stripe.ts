import { verifyCallback } from '@paywire/core/waylet';
import Stripe from 'stripe';
import { WAYLET_SECRET, wayletBodies } from '../fixtures/waylet.js';
import type { InProcessRow } from '../lib/row.js';

const STRIPE_SECRET = 'whsec_bench0123456789abcdef0123456789';

/** A Stripe event body padded to exactly `bytes` bytes. */
function stripeEvent(i: number, bytes: number): string {
  const base = {
    id: `evt_${i.toString(36).padStart(10, '0')}`,
    object: 'event',
    type: 'payment_intent.succeeded',
    data: {
      object: { id: `pi_${i}`, object: 'payment_intent', amount: 300, currency: 'eur', metadata: { order: '' } },
    },
  };
  const pad = bytes - JSON.stringify(base).length;
  base.data.object.metadata.order = 'x'.repeat(Math.max(0, pad));
  return JSON.stringify(base);
}

/** E: `verifyCallback` against stripe-node's `constructEvent` on a body of the same size. */
export const row: InProcessRow = {
  id: 'E',
  kind: 'in-process',
  ours: '`verifyCallback`',
  against: '`stripe.webhooks.constructEvent`, same body size',
  target: { text: '≥ 1.0', min: 1.0 },
  async setup() {
    const bodies = wayletBodies(1024);
    const stripe = new Stripe('sk_test_bench_never_used');
    // Stripe signs `timestamp.payload` with HMAC-SHA256 and checks the timestamp (300 s tolerance): sign at setup.
    const events = bodies.map((body, i) => {
      const payload = stripeEvent(i, Buffer.byteLength(body));
      return { payload, header: stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_SECRET }) };
    });
    const options = { secret: WAYLET_SECRET };
    return {
      ours: { op: (i) => verifyCallback(bodies[i & 1023] as string, options) },
      alternative: {
        op: (i) => {
          const e = events[i & 1023] as { payload: string; header: string };
          return stripe.webhooks.constructEvent(e.payload, e.header, STRIPE_SECRET);
        },
      },
    };
  },
};
