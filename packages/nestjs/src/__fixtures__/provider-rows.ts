/**
 * The provider table of the NestJS (and Fastify) e2e tests: one row per registry provider, its `main` case. Each
 * provider's cases live in its own folder of `@paywire/core` (`providers/<name>/adapter-cases.ts`), loaded by name
 * in `packages/core/src/__test-support__/adapter-matrix.ts`.
 */
import type { ProvidersOptions } from '@paywire/core';
import {
  mainAdapterCases,
  mergedOptions,
  type AdapterCase,
  type CaseDelivery,
} from '../../../core/src/__test-support__/adapter-matrix.js';

/** A delivery to POST: body text, headers, and what goes after `/<provider>` in the URL (`suffix`). */
export type Delivery = CaseDelivery;

/**
 * One provider of the e2e table: its options, `signed(store, paymentId)` (normalizes to `payment.paid` for
 * `paymentId`), its `forgeries` (each answered 401) and its exact acknowledgement.
 */
export type ProviderRow = AdapterCase;

/** Every provider of the registry, in its order. */
export const PROVIDER_ROWS: readonly ProviderRow[] = mainAdapterCases;

/** The options of every row, merged. */
export function allProviderOptions(rows: readonly ProviderRow[] = PROVIDER_ROWS): ProvidersOptions {
  return mergedOptions(rows);
}
