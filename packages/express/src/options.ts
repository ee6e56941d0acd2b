import { PAYMENT_EVENT_TYPES, PROVIDER_NAMES, type PaymentEventHandler, type PaymentEventType, type PaywireBase, type ProviderName } from '@paywire/core';

/** Handlers by event type: one function or several. `'*'` receives every event. */
export type PaymentWebhookHandlers = {
  [T in PaymentEventType | '*']?: PaymentEventHandler | readonly PaymentEventHandler[];
};

/** Options of {@link paymentWebhooks}. */
export interface PaymentWebhooksOptions {
  /** The paywire instance whose configured providers get a webhook route. Required. */
  paywire: PaywireBase;
  /**
   * Handlers registered with `paywire.on(type, handler)` once, when the factory is called. Handlers you
   * register elsewhere with `paywire.on` run too. Calling the factory twice registers these twice. Each is
   * named by its place (`on.payment.paid#0`, `on.payment.paid#1`…) for per-handler idempotency: keep the
   * order of a type's handlers when you add one, or append.
   * @default {} (no handlers added)
   */
  on?: PaymentWebhookHandlers;
  /**
   * The route of a configured provider, relative to where the router is mounted. It also accepts any
   * sub-path (`/paylican/<token>`), which is handed to the provider as `path`.
   * @default `/<provider>` for every configured provider, e.g. `{ waylet: '/waylet' }`
   */
  paths?: Partial<Record<ProviderName, string>>;
  /**
   * Largest body the router reads itself: bytes, or a string such as `'512kb'` or `'1mb'` (units of 1024).
   * Over it → 413 `ERR_BODY_TOO_LARGE`. paywire's own `webhooks.maxBodyBytes` applies too.
   * @default '1mb' (1048576 bytes)
   */
  limit?: number | string;
  /**
   * Media types accepted on webhook routes (`type/subtype`, `*` as a wildcard part, `*+json` style
   * suffixes). A request with another `Content-Type` gets 415 `ERR_UNSUPPORTED_MEDIA_TYPE`; a request
   * with no `Content-Type` is accepted (its body must still be JSON).
   * @default ['application/json', 'application/*+json', 'text/plain']
   */
  contentTypes?: readonly string[];
  /**
   * When `false`, the router writes nothing: it sets `req.paywire` (with the `reply` to send) and calls
   * `next()`, and your middleware after it must send the reply, e.g. with {@link sendReply}.
   * @default true (the router answers and does not call `next()`)
   */
  respond?: boolean;
}

/** A provider's route after resolution. Internal. */
export interface ResolvedRoute {
  provider: ProviderName;
  path: string;
  configured: boolean;
}

/** Fully defaulted options. Internal. */
export interface ResolvedOptions {
  paywire: PaywireBase;
  /** Longest path first, configured before unconfigured. */
  routes: ResolvedRoute[];
  limit: number;
  contentTypes: RegExp[];
  respond: boolean;
}

const MiB = 1024 * 1024;
const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: MiB, gb: 1024 * MiB };

/** Resolves `limit` to bytes. @throws TypeError for anything but a positive integer or `<n>b|kb|mb|gb`. */
export function parseLimit(limit: number | string): number {
  if (typeof limit === 'number' && Number.isSafeInteger(limit) && limit > 0) return limit;
  const match = typeof limit === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)\s*$/i.exec(limit) : null;
  const bytes = match ? Math.floor(Number(match[1]) * (UNITS[match[2]!.toLowerCase()] ?? 0)) : 0;
  if (bytes <= 0) throw new TypeError(`paymentWebhooks: limit must be a positive number of bytes or a string like '1mb', got ${JSON.stringify(limit)}`);
  return bytes;
}

/** Turns `application/*+json` into a matcher of media types (lower-case, no parameters). */
function mediaTypePattern(pattern: unknown): RegExp {
  if (typeof pattern !== 'string' || !/^[\w.+*-]+\/[\w.+*-]+$/.test(pattern)) {
    throw new TypeError(`paymentWebhooks: contentTypes entries must look like 'type/subtype', got ${JSON.stringify(pattern)}`);
  }
  const source = pattern.toLowerCase().replace(/[.+-]/g, '\\$&').replaceAll('*', "[\\w.+!#$&^-]*");
  return new RegExp(`^${source}$`);
}

function resolvePath(provider: string, path: unknown): string {
  if (typeof path !== 'string' || !/^\/[^?#]*[^/?#]$/.test(path) || path.includes('//')) {
    throw new TypeError(`paymentWebhooks: paths.${provider} must start with '/', name at least one segment and contain no '?', '#', '//' or trailing '/'; got ${JSON.stringify(path)}`);
  }
  return path;
}

/** How many routers registered `on` handlers on each paywire instance (for their names). */
const routersOf = new WeakMap<PaywireBase, number>();

function registerHandlers(paywire: PaywireBase, on: unknown): void {
  if (on === undefined) return;
  if (on === null || typeof on !== 'object') throw new TypeError('paymentWebhooks: on must be an object of handlers by event type');
  const entries = Object.entries(on as Record<string, unknown>);
  for (const [type, value] of entries) {
    if (type !== '*' && !(PAYMENT_EVENT_TYPES as readonly string[]).includes(type)) {
      throw new TypeError(`paymentWebhooks: on["${type}"]: unknown event type; expected '*' or one of ${PAYMENT_EVENT_TYPES.join(', ')}`);
    }
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0 || list.some((h) => typeof h !== 'function')) throw new TypeError(`paymentWebhooks: on["${type}"] must be a function or an array of functions`);
  }
  const routers = (routersOf.get(paywire) ?? 0) + 1;
  routersOf.set(paywire, routers);
  for (const [type, value] of entries) {
    // Stable handler names for per-handler idempotency: the handler's place in the on map (`on.payment.paid#0`;
    // `on(2).payment.paid#0` for the second router of one paywire instance).
    const prefix = routers === 1 ? 'on' : `on(${routers})`;
    ([value].flat() as PaymentEventHandler[]).forEach((handler, i) => paywire.on(type as PaymentEventType | '*', handler, { name: `${prefix}.${type}#${i}` }));
  }
}

/**
 * Validates the options and resolves them once (the factory calls this; requests never re-check).
 * @throws TypeError for any misuse: no paywire instance, an unknown event type, a path for a provider that
 *   is not configured, two providers on one path, a bad limit or media type.
 */
export function resolveOptions(options: PaymentWebhooksOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw new TypeError('paymentWebhooks: options must be an object ({ paywire, on?, paths?, limit? })');
  const { paywire } = options;
  if (paywire === null || typeof paywire !== 'object' || typeof paywire.webhooks?.handle !== 'function' || typeof paywire.isConfigured !== 'function') {
    throw new TypeError('paymentWebhooks: options.paywire must be the instance createPaywire() returned');
  }
  const paths = options.paths ?? {};
  if (paths === null || typeof paths !== 'object') throw new TypeError('paymentWebhooks: paths must be an object of paths by provider');
  for (const name of Object.keys(paths)) {
    if (!paywire.isConfigured(name)) throw new TypeError(`paymentWebhooks: paths.${name}: "${name}" is not a configured provider (configured: ${paywire.providers.join(', ') || 'none'})`);
  }
  const routes: ResolvedRoute[] = PROVIDER_NAMES.map((provider) => {
    const configured = paywire.isConfigured(provider);
    const custom = configured ? paths[provider] : undefined;
    return { provider, configured, path: custom === undefined ? `/${provider}` : resolvePath(provider, custom) };
  });
  const configuredRoutes = routes.filter((r) => r.configured);
  for (const r of configuredRoutes) {
    const clash = configuredRoutes.find((o) => o !== r && o.path === r.path);
    if (clash) throw new TypeError(`paymentWebhooks: ${r.provider} and ${clash.provider} share the path ${r.path}`);
  }
  routes.sort((a, b) => b.path.length - a.path.length || Number(b.configured) - Number(a.configured));
  const contentTypes = options.contentTypes ?? ['application/json', 'application/*+json', 'text/plain'];
  if (!Array.isArray(contentTypes)) throw new TypeError('paymentWebhooks: contentTypes must be an array of media types');
  if (options.respond !== undefined && typeof options.respond !== 'boolean') throw new TypeError('paymentWebhooks: respond must be a boolean');
  const resolved: ResolvedOptions = {
    paywire,
    routes,
    limit: parseLimit(options.limit ?? MiB),
    contentTypes: contentTypes.map(mediaTypePattern),
    respond: options.respond ?? true,
  };
  registerHandlers(paywire, options.on);
  return resolved;
}
