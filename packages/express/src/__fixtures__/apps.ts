/**
 * Test support: both Express majors, provider cases built with `@paywire/core/testing`, and an app builder.
 * Not part of the package (excluded from the build and from `files`).
 */
import { createRequire } from 'node:module';
import type { RequestHandler } from 'express';
import express from 'express';
import {
  createPaywire,
  type PaymentEvent,
  type PaymentEventType,
  type PaywireBase,
  type PaywireStore,
  type ProviderName,
  type ProvidersOptions,
  memoryStore,
} from '@paywire/core';
import { testing } from '@paywire/core/testing';
import { paymentWebhooks, type PaymentWebhooksOptions } from '../index.js';

/** Express 4.22 (the `express4` npm alias); same API surface as far as an app author sees it here. */
export const express4 = createRequire(import.meta.url)('express4') as typeof express;

/** Both majors, for `describe.each`. */
export const majors = [
  ['express 5', express],
  ['express 4', express4],
] as const;

export type ExpressLib = typeof express;

export const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A signed (or forged) delivery: what to POST, and where below `/webhooks/<provider>`. */
export interface CaseDelivery {
  body: string;
  headers: Record<string, string>;
  /** Appended to `/webhooks/<provider>` (a path token, a query string). */
  suffix?: string;
}

/** One provider (with one way of configuring it) as the router tests see it. */
export interface ProviderCase {
  /** Test name, e.g. `paylican (token in the path)`. */
  label: string;
  provider: ProviderName;
  options: ProvidersOptions;
  /** The normalized type the signed delivery produces. */
  type: PaymentEventType;
  /** The provider's exact acknowledgement. */
  ack: { status: number; body: string; contentType: string };
  /** A correctly signed delivery (fresh ids on every call); may write to the store first (ETpay sessions). */
  signed(store: PaywireStore): Promise<CaseDelivery>;
  /** The same delivery with one signed field changed, or the wrong credential. */
  forged(store: PaywireStore): Promise<CaseDelivery>;
}

const wayletSecret = 'waylet-test-secret';

const waylet: ProviderCase = {
  label: 'waylet',
  provider: 'waylet',
  options: {
    waylet: {
      baseUrl: 'http://127.0.0.1:9/api',
      apiKey: 'waylet-api-key',
      commerceId: 'f86edbb51682cee8fcdb13ff',
      secret: wayletSecret,
    },
  },
  type: 'payment.paid',
  ack: { status: 200, body: '{}', contentType: 'application/json; charset=utf-8' },
  async signed() {
    return testing.waylet.callback({ status: 'PAID', amount: 300 }, { secret: wayletSecret });
  },
  async forged() {
    const d = testing.waylet.callback({ status: 'PAID', amount: 300 }, { secret: wayletSecret });
    return { ...d, body: JSON.stringify({ ...d.json, paymentId: 'someone-elses-order' }) };
  },
};

const paylicanBase = {
  keycloakUrl: 'http://127.0.0.1:9',
  paymentUrl: 'http://127.0.0.1:9',
  username: 'merchant',
  password: 'paylican-password',
};
const paylicanToken = 'paylican-webhook-token-0123456789';
const paylicanAck = { status: 200, body: '{"received":true}', contentType: 'application/json; charset=utf-8' };

/** A Paylican delivery's query and path token as a URL suffix. */
function paylicanSuffix(d: { path?: string; query?: Record<string, string> }): string {
  return `${d.path ?? ''}${d.query ? `?${new URLSearchParams(d.query).toString()}` : ''}`;
}

const paylicanPathToken: ProviderCase = {
  label: 'paylican (token in the path)',
  provider: 'paylican',
  options: { paylican: { ...paylicanBase, webhookAuth: { token: paylicanToken, tokenIn: 'path' } } },
  type: 'payment.paid',
  ack: paylicanAck,
  async signed() {
    const d = testing.paylican.webhook(
      { status: 'PAID', amount: '5100.00' },
      { token: paylicanToken, tokenIn: 'path' },
    );
    return { ...d, suffix: paylicanSuffix(d) };
  },
  async forged() {
    const d = testing.paylican.webhook(
      { status: 'PAID', amount: '5100.00' },
      { token: `${paylicanToken}x`, tokenIn: 'path' },
    );
    return { ...d, suffix: paylicanSuffix(d) };
  },
};

const paylicanQueryAndBasic: ProviderCase = {
  label: 'paylican (token in the query and HTTP Basic)',
  provider: 'paylican',
  options: {
    paylican: {
      ...paylicanBase,
      webhookAuth: { token: paylicanToken, basic: { username: 'paylican', password: 'basic-secret' } },
    },
  },
  type: 'payment.paid',
  ack: paylicanAck,
  async signed() {
    const d = testing.paylican.webhook(
      { status: 'PAID' },
      { token: paylicanToken, basic: { username: 'paylican', password: 'basic-secret' } },
    );
    return { ...d, suffix: paylicanSuffix(d) };
  },
  async forged() {
    const d = testing.paylican.webhook(
      { status: 'PAID' },
      { token: paylicanToken, basic: { username: 'paylican', password: 'guessed' } },
    );
    return { ...d, suffix: paylicanSuffix(d) };
  },
};

const paylicanAllowIps: ProviderCase = {
  label: 'paylican (allowIps: the TCP peer address)',
  provider: 'paylican',
  options: { paylican: { ...paylicanBase, webhookAuth: { allowIps: ['127.0.0.1', '::1'], token: paylicanToken } } },
  type: 'payment.paid',
  ack: paylicanAck,
  async signed() {
    const d = testing.paylican.webhook({ status: 'PAID' }, { token: paylicanToken });
    return { ...d, suffix: paylicanSuffix(d) };
  },
  async forged() {
    const d = testing.paylican.webhook({ status: 'PAID' }, {});
    return { ...d, suffix: paylicanSuffix(d) };
  },
};

const paykassmaKeys = { accessKey: 'paykassma-access-key', privateKey: 'paykassma-private-key' };

const paykassma: ProviderCase = {
  label: 'paykassma',
  provider: 'paykassma',
  options: {
    paykassma: {
      apiUrl: 'http://127.0.0.1:9',
      pluginUrl: 'http://127.0.0.1:9',
      apiSecret: 'paykassma-api-secret',
      postbackAccessKey: paykassmaKeys.accessKey,
      postbackPrivateKey: paykassmaKeys.privateKey,
    },
  },
  type: 'payment.paid',
  ack: { status: 200, body: '{"status":"ok"}', contentType: 'application/json' },
  async signed() {
    return testing.paykassma.postback(
      { transactions: [{ amount: '500.50', custom_id: `dep-${Math.random().toString(36).slice(2, 10)}` }] },
      paykassmaKeys,
    );
  },
  async forged() {
    const d = testing.paykassma.postback({ transactions: [{ amount: '500.50' }] }, paykassmaKeys);
    if (!d.body.includes('"amount":"500.50"'))
      throw new Error('fixture: the postback no longer writes the amount as expected');
    return { ...d, body: d.body.replace('"amount":"500.50"', '"amount":"50000.50"') };
  },
};

const etpay: ProviderCase = {
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
  async signed(store) {
    const session = await testing.etpay.storeSession(store, testing.etpay.session());
    return testing.etpay.notification({ ...session, paymentStatus: 'success' });
  },
  async forged(store) {
    const session = await testing.etpay.storeSession(store, testing.etpay.session());
    return testing.etpay.notification({
      ...session,
      signatureToken: `${session.signatureToken}0`,
      paymentStatus: 'success',
    });
  },
};

/** Every provider the testing kit signs for, with each Paylican guard. */
export const providerCases: ProviderCase[] = [
  waylet,
  paylicanPathToken,
  paylicanQueryAndBasic,
  paylicanAllowIps,
  paykassma,
  etpay,
];

/** The Paylican case guarded by an allow-list, for the X-Forwarded-For test. */
export const paylicanPeerCase = paylicanAllowIps;

/** The Waylet case, for tests about the router itself rather than a provider. */
export const wayletCase = waylet;

/** A paywire instance for one case, recording every event its `paywire.on('*')` handler sees. */
export function paywireFor(c: ProviderCase, store: PaywireStore = memoryStore()) {
  const paywire: PaywireBase = createPaywire({ providers: c.options, store, logger: silentLogger });
  const seen: PaymentEvent[] = [];
  paywire.on('*', (e) => {
    seen.push(e);
  });
  return { paywire, store, seen };
}

/** What the app's own error middleware received. */
export interface BuiltApp {
  app: ReturnType<ExpressLib>;
  faults: unknown[];
}

/**
 * An app with `before` middleware, the router at `/webhooks`, a `/health` route, a route under `/webhooks`
 * that is not a provider's, and an error middleware that records what reached it.
 */
export function buildApp(
  lib: ExpressLib,
  options: PaymentWebhooksOptions,
  before: RequestHandler[] = [],
  after: RequestHandler[] = [],
): BuiltApp {
  const faults: unknown[] = [];
  const app = lib();
  for (const mw of before) app.use(mw);
  app.use('/webhooks', paymentWebhooks(options), ...after);
  app.get('/health', (_req, res) => {
    res.send('ok');
  });
  app.post('/webhooks/other', (_req, res) => {
    res.status(202).send('app route');
  });
  app.use(((err, _req, res, _next) => {
    faults.push(err);
    res.status(500).json({ fault: (err as Error).message });
  }) as express.ErrorRequestHandler);
  return { app, faults };
}
