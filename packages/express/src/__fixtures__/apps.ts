/**
 * Test support: both Express majors, the provider matrix (each provider's cases come from its folder in
 * `@paywire/core`, see `packages/core/src/__test-support__/adapter-matrix.ts`), and an app builder.
 * Not part of the package (excluded from the build and from `files`).
 */
import { createRequire } from 'node:module';
import type { RequestHandler } from 'express';
import express from 'express';
import { createPaywire, type PaymentEvent, type PaywireBase, type PaywireStore, memoryStore } from '@paywire/core';
import {
  allAdapterCases,
  casesByProvider,
  type AdapterCase as ProviderCase,
} from '../../../core/src/__test-support__/adapter-matrix.js';
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

export type { AdapterCase as ProviderCase, CaseDelivery } from '../../../core/src/__test-support__/adapter-matrix.js';

/**
 * Every case of every registry provider (each provider's own, in its folder's `adapter-cases.ts`), with each
 * Paylican guard.
 */
export const providerCases: readonly ProviderCase[] = allAdapterCases;

/** The Paylican case guarded by an allow-list, for the X-Forwarded-For test. */
export const paylicanPeerCase: ProviderCase<'paylican'> = (() => {
  const c = casesByProvider.paylican.cases.find((p) => p.options.paylican?.webhookAuth?.allowIps);
  if (!c) throw new Error('fixture: Paylican has no case guarded by allowIps');
  return c;
})();

/** The Waylet case, for tests about the router itself rather than a provider. */
export const wayletCase: ProviderCase<'waylet'> = casesByProvider.waylet.main;

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
