import type { z } from 'zod';
import { paywireError } from '../../errors.js';
import { parseInput as parseConfigInput } from '../../lib/config.js';
import type { PaykassmaUrlHasher } from './config.js';
import { paymentWindowInputSchema, type PaymentWindowInput } from './schemas.js';

/** Options of {@link paymentWindowUrl}. */
export interface PaymentWindowOptions {
  /** The plugin base URL, e.g. `https://plugin.example-server.com`. */
  pluginUrl: string;
  /** Needed only for raw `successUrl`/`failUrl`/`pendingUrl` (Paykassma's hashing method is not public). */
  urlHasher?: PaykassmaUrlHasher | undefined;
}

/**
 * Parses `input` with `schema`, turning the first failure into `ERR_INPUT_INVALID` naming the field. Internal.
 * @throws PaywireError `ERR_INPUT_INVALID`
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, operation: string): z.output<S> {
  return parseConfigInput(schema, input, 'paykassma', operation);
}

const KINDS = ['success', 'fail', 'pending'] as const;

/**
 * The payment window (plugin) URL the customer is sent to:
 * `{pluginUrl}/?label=…&wallet_type=…&currency_code=…&lang=…` plus, for each of success/fail/pending, either
 * `payment_url_<kind>_id` (an id issued by Paykassma support; nothing else needed) or `<kind>_url` (a raw URL,
 * hashed with your `urlHasher`).
 *
 * @example
 * ```ts
 * import { paymentWindowUrl } from '@paywire/core/paykassma'
 * paymentWindowUrl(
 *   { label: 'user-55', walletType: 'wavepay', currencyCode: 'MMK', lang: 'my', successId: 12, failId: 13 },
 *   { pluginUrl: 'https://plugin.example-server.com' },
 * )
 * // 'https://plugin.example-server.com/?label=user-55&wallet_type=wavepay&currency_code=MMK&lang=my&payment_url_success_id=12&payment_url_fail_id=13'
 * ```
 * @throws PaywireError `ERR_INPUT_INVALID` naming the field; `ERR_CONFIG_INVALID` (field `urlHasher`) when a
 *   raw URL is given without a `urlHasher`.
 */
export function paymentWindowUrl(input: PaymentWindowInput, options: PaymentWindowOptions): string {
  const data = parseInput(paymentWindowInputSchema, input, 'paymentWindowUrl');
  const url = new URL(`${options.pluginUrl.replace(/\/+$/, '')}/`);
  url.searchParams.set('label', data.label);
  url.searchParams.set('wallet_type', data.walletType);
  url.searchParams.set('currency_code', data.currencyCode);
  if (data.lang !== undefined) url.searchParams.set('lang', data.lang);
  for (const kind of KINDS) {
    const id = data[`${kind}Id`];
    if (id !== undefined) url.searchParams.set(`payment_url_${kind}_id`, id);
  }
  for (const kind of KINDS) {
    const raw = data[`${kind}Url`];
    if (raw === undefined) continue;
    if (typeof options.urlHasher !== 'function') {
      throw paywireError(
        'ERR_CONFIG_INVALID',
        `paykassma paymentWindowUrl: ${kind}Url needs a urlHasher: Paykassma hashes raw URLs with a method it does not publish. Ask their support for it and pass it as providers.paykassma.urlHasher (or per call), or use ${kind}Id with an id issued by support`,
        { provider: 'paykassma', field: 'urlHasher', httpStatus: 500 },
      );
    }
    const hashed = options.urlHasher(raw, kind);
    if (typeof hashed !== 'string' || hashed === '') {
      throw paywireError(
        'ERR_CONFIG_INVALID',
        `paykassma paymentWindowUrl: urlHasher returned no string for ${kind}Url`,
        { provider: 'paykassma', field: 'urlHasher', httpStatus: 500 },
      );
    }
    url.searchParams.set(`${kind}_url`, hashed);
  }
  return url.toString();
}
