/**
 * Paylican in the adapters' provider matrix (`@paywire/express`, `@paywire/nestjs`, `@paywire/fastify` tests; never
 * built or published): one case per webhook guard. Internal. See `../../__test-support__/adapter-case.ts`.
 */
import { defineAdapterCases, type CaseDelivery } from '../../__test-support__/adapter-case.js';
import { paylicanTesting as kit, type PaylicanTestDelivery } from './testing.js';

const base = {
  keycloakUrl: 'http://127.0.0.1:9',
  paymentUrl: 'http://127.0.0.1:9',
  username: 'merchant',
  password: 'paylican-password',
};
const token = 'paylican-webhook-token-0123456789';
const basic = { username: 'paylican', password: 'basic-secret' };
const ack = { status: 200, body: '{"received":true}', contentType: 'application/json; charset=utf-8' };

/** A Paylican delivery with its path token and query as the URL suffix. */
function withSuffix(d: PaylicanTestDelivery): CaseDelivery {
  return { ...d, suffix: `${d.path ?? ''}${d.query ? `?${new URLSearchParams(d.query).toString()}` : ''}` };
}

/** The merchant's order, when the test names one. */
const reference = (paymentId?: string) => (paymentId ? { merchantReference: paymentId } : {});

/** Paylican's cases: the token in the path (its row), the token in the query with HTTP Basic, and an IP allow-list. */
export const adapterCases = defineAdapterCases('paylican', [
  {
    label: 'paylican (token in the path)',
    provider: 'paylican',
    options: { paylican: { ...base, webhookAuth: { token, tokenIn: 'path' } } },
    type: 'payment.paid',
    ack,
    async signed(_store, paymentId) {
      const input = { status: 'PAID', amount: '5100.00', ...reference(paymentId) };
      return withSuffix(kit.delivery(input, { token, tokenIn: 'path' }));
    },
    forgeries: [
      {
        label: 'the token one character longer',
        async delivery(_store, paymentId) {
          const input = { status: 'PAID', amount: '5100.00', ...reference(paymentId) };
          return withSuffix(kit.delivery(input, { token: `${token}x`, tokenIn: 'path' }));
        },
      },
      {
        label: 'another token',
        async delivery(_store, paymentId) {
          const input = { status: 'PAID', ...reference(paymentId) };
          return withSuffix(kit.delivery(input, { token: 'not-the-token-0123456789', tokenIn: 'path' }));
        },
      },
    ],
  },
  {
    label: 'paylican (token in the query and HTTP Basic)',
    provider: 'paylican',
    options: { paylican: { ...base, webhookAuth: { token, basic } } },
    type: 'payment.paid',
    ack,
    async signed(_store, paymentId) {
      return withSuffix(kit.delivery({ status: 'PAID', ...reference(paymentId) }, { token, basic }));
    },
    forgeries: [
      {
        label: 'the wrong Basic password',
        async delivery(_store, paymentId) {
          const auth = { token, basic: { ...basic, password: 'guessed' } };
          return withSuffix(kit.delivery({ status: 'PAID', ...reference(paymentId) }, auth));
        },
      },
    ],
  },
  {
    label: 'paylican (allowIps: the TCP peer address)',
    provider: 'paylican',
    options: { paylican: { ...base, webhookAuth: { allowIps: ['127.0.0.1', '::1'], token } } },
    type: 'payment.paid',
    ack,
    async signed(_store, paymentId) {
      return withSuffix(kit.delivery({ status: 'PAID', ...reference(paymentId) }, { token }));
    },
    forgeries: [
      {
        label: 'no token',
        async delivery(_store, paymentId) {
          return withSuffix(kit.delivery({ status: 'PAID', ...reference(paymentId) }, {}));
        },
      },
    ],
  },
]);

declare module '../../__test-support__/adapter-case.js' {
  interface ProvidersWithAdapterCases {
    paylican: typeof adapterCases;
  }
}
