import {
  resolveAdapterOptions,
  type ResolvedAdapterOptions,
  type ResolvedWebhookRoute,
  type WebhookAdapterOptions,
} from '@paywire/core';

export { parseLimit } from '@paywire/core';
export type { PaymentWebhookHandlers } from '@paywire/core';

/** Options of {@link paymentWebhooks}: the options every paywire adapter takes, plus `respond`. */
export interface PaymentWebhooksOptions extends WebhookAdapterOptions {
  /**
   * When `false`, the router writes nothing: it sets `req.paywire` (with the `reply` to send) and calls
   * `next()`, and your middleware after it must send the reply, e.g. with {@link sendReply}.
   * @default true (the router answers and does not call `next()`)
   */
  respond?: boolean;
}

/** A provider's route after resolution. Internal. */
export type ResolvedRoute = ResolvedWebhookRoute;

/** Fully defaulted options. Internal. */
export interface ResolvedOptions extends ResolvedAdapterOptions {
  respond: boolean;
}

/**
 * Validates the options and resolves them once (the factory calls this; requests never re-check).
 * @example
 * ```ts
 * import { resolveOptions } from './options.js'
 * const { routes, limit, respond } = resolveOptions({ paywire })
 * ```
 * @throws TypeError for any misuse: no paywire instance, an unknown event type, a path for a provider that
 *   is not configured, two providers on one path, a bad limit or media type, a non-boolean `respond`.
 */
export function resolveOptions(options: PaymentWebhooksOptions): ResolvedOptions {
  if (
    options !== null &&
    typeof options === 'object' &&
    options.respond !== undefined &&
    typeof options.respond !== 'boolean'
  ) {
    throw new TypeError('paymentWebhooks: respond must be a boolean');
  }
  return { ...resolveAdapterOptions(options, 'paymentWebhooks'), respond: options.respond ?? true };
}
