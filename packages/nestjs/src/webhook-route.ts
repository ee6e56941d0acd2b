import { PROVIDER_NAMES, type ProviderName } from '@paywire/core';
import { DEFAULT_WEBHOOK_PATH } from './payments.constants.js';

/** What a request URL is to the webhook endpoint. Internal. */
export type WebhookRoute =
  /** `<prefix>/<path>/<provider>[/<rest>]` where `<provider>` is one of paywire's provider names. */
  | { readonly kind: 'provider'; readonly provider: ProviderName; readonly rest: string; readonly query: string }
  /** `<prefix>/<path>/<segment>` whose segment is not valid percent-encoding: paywire answers 400. */
  | { readonly kind: 'malformed' };

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

/** `/<globalPrefix>/<path>/`: what every URL of the endpoint starts with. */
function endpointBase(globalPrefix: string, path: string): string {
  const prefix = trimSlashes(globalPrefix);
  return `/${prefix === '' ? '' : `${prefix}/`}${path}/`;
}

/** {@link matchWebhookRoute} once the base (`/<globalPrefix>/<path>/`) is known. */
function matchAt(url: string, base: string): WebhookRoute | undefined {
  if (!url.startsWith(base)) return undefined;
  const q = url.indexOf('?');
  if (q >= 0 && q < base.length) return undefined; // the base is all path
  const pathname = q < 0 ? url : url.slice(0, q);
  const slash = pathname.indexOf('/', base.length);
  const raw = slash < 0 ? pathname.slice(base.length) : pathname.slice(base.length, slash);
  if (raw === '') return undefined;
  let segment = raw;
  if (raw.includes('%')) {
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { kind: 'malformed' };
    }
  }
  if (!isProviderName(segment)) return undefined;
  const rest = slash < 0 ? '' : pathname.slice(slash);
  return { kind: 'provider', provider: segment, rest: rest === '/' ? '' : rest, query: q < 0 ? '' : url.slice(q + 1) };
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
  return matchAt(url, endpointBase(globalPrefix, path));
}

/**
 * {@link matchWebhookRoute} for one `webhooks.path`, reading the global prefix on each call (it may be set after the
 * module is configured) but building the base only when the prefix changed, and answering a URL asked about just
 * before from memory: a request costs a `startsWith`. The routes it returns are shared: never change one.
 *
 * @example
 * ```ts
 * import { webhookRouteMatcher } from './webhook-route.js'
 * const route = webhookRouteMatcher('webhooks', () => 'api')
 * route('/api/webhooks/waylet') // { kind: 'provider', provider: 'waylet', rest: '', query: '' }
 * ```
 */
export function webhookRouteMatcher(
  path: string,
  globalPrefix: () => string,
): (url: string) => WebhookRoute | undefined {
  let prefix = globalPrefix();
  let base = endpointBase(prefix, path);
  // The parsers that skip the endpoint's URLs and the endpoint itself ask in turn about the same URL: one entry.
  let lastUrl: string | undefined;
  let lastRoute: WebhookRoute | undefined;
  return (url) => {
    const current = globalPrefix();
    if (current !== prefix) {
      prefix = current;
      base = endpointBase(prefix, path);
      lastUrl = undefined;
    }
    if (url !== lastUrl) {
      lastRoute = matchAt(url, base);
      lastUrl = url;
    }
    return lastRoute;
  };
}
