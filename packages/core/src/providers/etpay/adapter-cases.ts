/**
 * ETpay in the adapters' provider matrix (`@paywire/express`, `@paywire/nestjs`, `@paywire/fastify` tests; never
 * built or published). Internal. See `../../__test-support__/adapter-case.ts`.
 */
import type { PaywireStore } from '../../index.js';
import { defineAdapterCases } from '../../__test-support__/adapter-case.js';
import { etpayTesting as kit } from './testing.js';

/** A session paywire knows (ETpay signs with its token): for the merchant's order when the test names one. */
function knownSession(store: PaywireStore, paymentId?: string) {
  const order = paymentId ? { merchantOrderId: paymentId.replace(/[^a-z0-9]/gi, '') } : {};
  return kit.storeSession(store, kit.session(order));
}

/** ETpay's cases: one configuration, a signature token one digit longer and another signature token. */
export const adapterCases = defineAdapterCases('etpay', [
  {
    label: 'etpay',
    provider: 'etpay',
    options: {
      etpay: {
        apiUrl: 'http://127.0.0.1:9',
        pmtUrl: 'http://127.0.0.1:9',
        merchantCode: 'merchant-1',
        merchantApiToken: 'etpay-api-token',
      },
    },
    type: 'payment.paid',
    ack: { status: 200, body: 'ok', contentType: 'text/plain; charset=utf-8' },
    async signed(store, paymentId) {
      const session = await knownSession(store, paymentId);
      return kit.delivery({ ...session, paymentStatus: 'success' });
    },
    forgeries: [
      {
        label: 'the signature token one digit longer',
        async delivery(store, paymentId) {
          const session = await knownSession(store, paymentId);
          return kit.delivery({ ...session, signatureToken: `${session.signatureToken}0`, paymentStatus: 'success' });
        },
      },
      {
        label: 'another signature token',
        async delivery(store, paymentId) {
          const session = await knownSession(store, paymentId);
          return kit.delivery({ ...session, signatureToken: 'f'.repeat(64) });
        },
      },
    ],
  },
]);

declare module '../../__test-support__/adapter-case.js' {
  interface ProvidersWithAdapterCases {
    etpay: typeof adapterCases;
  }
}
