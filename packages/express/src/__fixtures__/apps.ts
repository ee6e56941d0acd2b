/**
 * Test support: both Express majors, provider cases built with `@paywire/core/testing`, and an app builder.
 * Not part of the package (excluded from the build and from `files`).
 */
import './require-conditions-shim.js';
import { createRequire } from 'node:module';
import type { RequestHandler } from 'express';
import express from 'express';
import { createPaywire, type PaymentEvent, type PaymentEventType, type PaywireBase, type PaywireStore, type ProviderName, type ProvidersOptions, memoryStore } from '@paywire/core';
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

/** One provider as the router tests see it. */
export interface ProviderCase {
  provider: ProviderName;
  options: ProvidersOptions;
  /** The normalized type the signed delivery produces. */
  type: PaymentEventType;
  /** The provider's exact acknowledgement. */
  ack: { status: number; body: string; contentType: string };
  /** A correctly signed delivery (fresh ids on every call); may write to the store first (ETpay sessions). */
  signed(store: PaywireStore): Promise<CaseDelivery>;
  /** The same delivery with one signed field changed (or the credential wrong). */
  forged(store: PaywireStore): Promise<CaseDelivery>;
}

const wayletSecret = 'waylet-test-secret';

const waylet: ProviderCase = {
  provider: 'waylet',
  options: { waylet: { baseUrl: 'http://127.0.0.1:9/api', apiKey: 'waylet-api-key', commerceId: 'f86edbb51682cee8fcdb13ff', secret: wayletSecret } },
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

/** Every provider the testing kit can sign for today. */
export const providerCases: ProviderCase[] = [waylet];

/** The Waylet case, for tests about the router itself rather than a provider. */
export const wayletCase = waylet;

/** A paywire instance for one case, recording every event its `paywire.on('*')` handler sees. */
export function paywireFor(c: ProviderCase, store: PaywireStore = memoryStore()) {
  const paywire = createPaywire({ providers: c.options, store, logger: silentLogger }) as unknown as PaywireBase;
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
export function buildApp(lib: ExpressLib, options: PaymentWebhooksOptions, before: RequestHandler[] = [], after: RequestHandler[] = []): BuiltApp {
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
