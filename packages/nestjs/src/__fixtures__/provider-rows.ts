import type { PaywireStore, ProviderName, ProvidersOptions } from '@paywire/core';
import { testing } from '@paywire/core/testing';

/** A delivery to POST: body text, headers, and what goes after `/<provider>` in the URL. */
export interface Delivery {
  body: string;
  headers: Record<string, string>;
  /** Path after the provider segment, with leading slash, and/or query string (`?a=b`). @default '' */
  suffix?: string;
}

/** One provider of the e2e table. */
export interface ProviderRow {
  provider: ProviderName;
  /** The provider's options in the test app. */
  options: ProvidersOptions;
  /** A correctly signed delivery that normalizes to `payment.paid` for `paymentId`. */
  paid(store: PaywireStore, paymentId: string): Promise<Delivery>;
  /** The same delivery, signed with the wrong key. */
  forged(store: PaywireStore, paymentId: string): Promise<Delivery>;
  /** The provider's exact acknowledgement. */
  ack: { status: number; contentType: string; body: string };
}

const WAYLET_SECRET = 'waylet-test-secret-0123456789';

const waylet: ProviderRow = {
  provider: 'waylet',
  options: {
    waylet: {
      baseUrl: 'http://127.0.0.1:9/api',
      apiKey: 'waylet-api-key',
      commerceId: 'commerce-1',
      secret: WAYLET_SECRET,
    },
  },
  paid: async (_store, paymentId) =>
    testing.waylet.callback({ status: 'PAID', paymentId, amount: 300 }, { secret: WAYLET_SECRET }),
  forged: async (_store, paymentId) =>
    testing.waylet.callback({ status: 'PAID', paymentId, amount: 300 }, { secret: 'not-the-secret' }),
  ack: { status: 200, contentType: 'application/json; charset=utf-8', body: '{}' },
};

const etpay: ProviderRow = {
  provider: 'etpay',
  options: {
    etpay: {
      apiUrl: 'http://127.0.0.1:9',
      pmtUrl: 'http://127.0.0.1:9',
      merchantCode: 'merchant-1',
      merchantApiToken: 'etpay-api-token',
    },
  },
  async paid(store, paymentId) {
    const session = await testing.etpay.storeSession(
      store,
      testing.etpay.session({ merchantOrderId: paymentId.replace(/[^a-z0-9]/gi, '') }),
    );
    return testing.etpay.notification({ ...session, paymentStatus: 'success' });
  },
  async forged(store, paymentId) {
    const session = await testing.etpay.storeSession(
      store,
      testing.etpay.session({ merchantOrderId: paymentId.replace(/[^a-z0-9]/gi, '') }),
    );
    return testing.etpay.notification({ ...session, signatureToken: 'f'.repeat(64) });
  },
  ack: { status: 200, contentType: 'text/plain; charset=utf-8', body: 'ok' },
};

const PAYLICAN_TOKEN = 'paylican-path-token-0123456789';

/** Paylican with its token in the URL path: exercises the `/<provider>/<rest>` route. */
const paylican: ProviderRow = {
  provider: 'paylican',
  options: {
    paylican: {
      keycloakUrl: 'http://127.0.0.1:9/auth',
      paymentUrl: 'http://127.0.0.1:9/pay',
      username: 'merchant',
      password: 'paylican-password',
      webhookAuth: { token: PAYLICAN_TOKEN, tokenIn: 'path' },
    },
  },
  paid: async (_store, paymentId) =>
    pathDelivery(
      testing.paylican.webhook(
        { status: 'PAID', merchantReference: paymentId, amount: '5100.00' },
        { token: PAYLICAN_TOKEN, tokenIn: 'path' },
      ),
    ),
  forged: async (_store, paymentId) =>
    pathDelivery(
      testing.paylican.webhook(
        { status: 'PAID', merchantReference: paymentId },
        { token: 'not-the-token-0123456789', tokenIn: 'path' },
      ),
    ),
  ack: { status: 200, contentType: 'application/json; charset=utf-8', body: '{"received":true}' },
};

function pathDelivery(d: { body: string; headers: Record<string, string>; path?: string }): Delivery {
  return { body: d.body, headers: d.headers, suffix: d.path ?? '' };
}

const PAYKASSMA_KEYS = { accessKey: 'paykassma-access-key', privateKey: 'paykassma-private-key' };

const paykassma: ProviderRow = {
  provider: 'paykassma',
  options: {
    paykassma: {
      apiUrl: 'http://127.0.0.1:9',
      pluginUrl: 'http://127.0.0.1:9',
      apiSecret: 'paykassma-api-secret',
      postbackAccessKey: PAYKASSMA_KEYS.accessKey,
      postbackPrivateKey: PAYKASSMA_KEYS.privateKey,
    },
  },
  paid: async (_store, paymentId) =>
    testing.paykassma.postback({ transactions: [{ amount: 500, custom_id: paymentId }] }, PAYKASSMA_KEYS),
  forged: async (_store, paymentId) =>
    testing.paykassma.postback(
      { transactions: [{ amount: 500, custom_id: paymentId }] },
      { ...PAYKASSMA_KEYS, privateKey: 'not-the-key' },
    ),
  ack: { status: 200, contentType: 'application/json', body: '{"status":"ok"}' },
};

/** Every provider that `@paywire/core/testing` can sign for. */
export const PROVIDER_ROWS: readonly ProviderRow[] = [waylet, paylican, paykassma, etpay];

/** The options of every row, merged. */
export function allProviderOptions(rows: readonly ProviderRow[] = PROVIDER_ROWS): ProvidersOptions {
  return Object.assign({}, ...rows.map((r) => r.options)) as ProvidersOptions;
}
