/**
 * Waylet in the adapters' provider matrix (`@paywire/express`, `@paywire/nestjs`, `@paywire/fastify` tests; never
 * built or published). Internal. See `../../__test-support__/adapter-case.ts`.
 */
import { defineAdapterCases } from '../../__test-support__/adapter-case.js';
import { wayletTesting as kit } from './testing.js';

const secret = 'waylet-test-secret';

/** Waylet's cases: one configuration, a forged field and a wrong secret. */
export const adapterCases = defineAdapterCases('waylet', [
  {
    label: 'waylet',
    provider: 'waylet',
    options: {
      waylet: {
        baseUrl: 'http://127.0.0.1:9/api',
        apiKey: 'waylet-api-key',
        commerceId: 'f86edbb51682cee8fcdb13ff',
        secret,
      },
    },
    type: 'payment.paid',
    ack: { status: 200, body: '{}', contentType: 'application/json; charset=utf-8' },
    async signed(_store, paymentId) {
      return kit.delivery({ status: 'PAID', amount: 300, ...(paymentId ? { paymentId } : {}) }, { secret });
    },
    forgeries: [
      {
        label: 'a signed field changed',
        async delivery(_store, paymentId) {
          const d = kit.delivery({ status: 'PAID', amount: 300, ...(paymentId ? { paymentId } : {}) }, { secret });
          return { ...d, body: JSON.stringify({ ...d.json, paymentId: 'someone-elses-order' }) };
        },
      },
      {
        label: 'the wrong secret',
        async delivery(_store, paymentId) {
          return kit.delivery(
            { status: 'PAID', amount: 300, ...(paymentId ? { paymentId } : {}) },
            { secret: 'not-the-secret' },
          );
        },
      },
    ],
  },
]);

declare module '../../__test-support__/adapter-case.js' {
  interface ProvidersWithAdapterCases {
    waylet: typeof adapterCases;
  }
}
