/**
 * Paykassma in the adapters' provider matrix (`@paywire/express`, `@paywire/nestjs`, `@paywire/fastify` tests; never
 * built or published). Internal. See `../../__test-support__/adapter-case.ts`.
 */
import { defineAdapterCases } from '../../__test-support__/adapter-case.js';
import { paykassmaTesting as kit } from './testing.js';

const keys = { accessKey: 'paykassma-access-key', privateKey: 'paykassma-private-key' };

/** The deposit's `custom_id`: the merchant's order when the test names one, fresh otherwise. */
const customId = (paymentId?: string) => paymentId ?? `dep-${Math.random().toString(36).slice(2, 10)}`;

/** Paykassma's cases: one configuration (a legacy postback), a changed amount and the wrong private key. */
export const adapterCases = defineAdapterCases('paykassma', [
  {
    label: 'paykassma',
    provider: 'paykassma',
    options: {
      paykassma: {
        apiUrl: 'http://127.0.0.1:9',
        pluginUrl: 'http://127.0.0.1:9',
        apiSecret: 'paykassma-api-secret',
        postbackAccessKey: keys.accessKey,
        postbackPrivateKey: keys.privateKey,
      },
    },
    type: 'payment.paid',
    ack: { status: 200, body: '{"status":"ok"}', contentType: 'application/json' },
    async signed(_store, paymentId) {
      return kit.legacyDelivery({ transactions: [{ amount: '500.50', custom_id: customId(paymentId) }] }, keys);
    },
    forgeries: [
      {
        label: 'a signed amount changed',
        async delivery(_store, paymentId) {
          const d = kit.legacyDelivery({ transactions: [{ amount: '500.50', custom_id: customId(paymentId) }] }, keys);
          if (!d.body.includes('"amount":"500.50"'))
            throw new Error('fixture: the postback no longer writes the amount as expected');
          return { ...d, body: d.body.replace('"amount":"500.50"', '"amount":"50000.50"') };
        },
      },
      {
        label: 'the wrong private key',
        async delivery(_store, paymentId) {
          return kit.legacyDelivery(
            { transactions: [{ amount: 500, custom_id: customId(paymentId) }] },
            { ...keys, privateKey: 'not-the-key' },
          );
        },
      },
    ],
  },
]);

declare module '../../__test-support__/adapter-case.js' {
  interface ProvidersWithAdapterCases {
    paykassma: typeof adapterCases;
  }
}
