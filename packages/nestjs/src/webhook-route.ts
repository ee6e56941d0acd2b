import { PROVIDER_NAMES, type ProviderName } from '@paywire/core';
import { DEFAULT_WEBHOOK_PATH } from './payments.constants.js';

/** What a request URL is to the webhook endpoint. Internal. */
export type WebhookRoute =
  /** `<prefix>/<path>/<provider>[/<rest>]` where `<provider>` is one of paywire's provider names. */
  | { kind: 'provider'; provider: ProviderName; rest: string; query: string }
  /** `<prefix>/<path>/<segment>` whose segment is not valid percent-encoding: paywire answers 400. */
  | { kind: 'malformed' };

function trimSlashes(text: string): string {
  return text.replace(/^\/+|\/+$/g, '');
}

/**
 * `webhooks.path` without leading or trailing slashes.
 *
 * @example
 * ```ts
 * import { webhookPathOf } from './webhook-route.js'
 * webhookPathOf({ path: '/hooks/in/' }) // 'hooks/in'
 * ```
 * @throws TypeError when the path is not a string, or is empty (or only slashes): the endpoint would take over
 *   the app's own routes.
 */
export function webhookPathOf(webhooks: { path?: unknown } | undefined): string {
  const path = webhooks?.path ?? DEFAULT_WEBHOOK_PATH;
  if (typeof path !== 'string') throw new TypeError('PaymentsModule: webhooks.path must be a string');
  const trimmed = trimSlashes(path);
  if (trimmed === '') {
    throw new TypeError(
      `PaymentsModule: webhooks.path must not be empty (got ${JSON.stringify(path)}); the webhook endpoint needs a path of its own, e.g. 'webhooks' (default '${DEFAULT_WEBHOOK_PATH}')`,
    );
  }
  return trimmed;
}

function isProviderName(segment: string): segment is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(segment);
}

/**
 * Matches a request URL (`req.url`, as Nest's router sees it) against `/<globalPrefix>/<path>/<provider>[/<rest>]`,
 * anchored at the start. Returns `undefined` for every URL that is not paywire's — another path, or a segment that
 * is not a provider name — so the app's own routes run. `rest` is the raw (still percent-encoded) path after the
 * provider segment, as the Express router passes it.
 *
 * @example
 * ```ts
 * import { matchWebhookRoute } from './webhook-route.js'
 * matchWebhookRoute('/api/webhooks/paylican/tok?x=1', 'api', 'webhooks')
 * // { kind: 'provider', provider: 'paylican', rest: '/tok', query: 'x=1' }
 * matchWebhookRoute('/api/webhooks/github', 'api', 'webhooks')           // undefined
 * ```
 */
export function matchWebhookRoute(url: string, globalPrefix: string, path: string): WebhookRoute | undefined {
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const prefix = trimSlashes(globalPrefix);
  const base = `/${prefix === '' ? '' : `${prefix}/`}${path}/`;
  if (!pathname.startsWith(base)) return undefined;
  const after = pathname.slice(base.length);
  const slash = after.indexOf('/');
  const raw = slash < 0 ? after : after.slice(0, slash);
  if (raw === '') return undefined;
  let segment: string;
  try {
    segment = decodeURIComponent(raw);
  } catch {
    return { kind: 'malformed' };
  }
  if (!isProviderName(segment)) return undefined;
  const rest = slash < 0 ? '' : after.slice(slash);
  return { kind: 'provider', provider: segment, rest: rest === '/' ? '' : rest, query: q < 0 ? '' : url.slice(q + 1) };
}
