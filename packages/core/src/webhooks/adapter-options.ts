import {
  PAYMENT_EVENT_TYPES,
  PROVIDER_NAMES,
  type PaymentEvent,
  type PaymentEventType,
  type ProviderName,
} from '../events.js';
import type { UnknownProviderEvent } from '../providers/types.js';
import type { PaywireBase } from '../paywire.js';
import type { PaymentEventHandler } from './handlers.js';
import { DEFAULT_MAX_BODY_BYTES } from './http-reply.js';
import { DEFAULT_WEBHOOK_CONTENT_TYPES, mediaTypePattern } from './node-request.js';
import type { WebhookOutcome, WebhookReply } from './types.js';

/** What an adapter leaves on the request it answered (`req.paywire` in Express, `request.paywire` in Fastify). */
export interface PaywireRequestState {
  /** The provider whose route matched. */
  provider: ProviderName;
  /** The verified events of this delivery (empty when rejected). */
  events: PaymentEvent[];
  /** Verified provider events with no normalized mapping. */
  unknown: UnknownProviderEvent[];
  /** How the delivery ended. */
  outcome: WebhookOutcome;
  /** The exact answer (status, headers, body) the provider gets. */
  reply: WebhookReply;
}

/**
 * The request state of a reply.
 * @example
 * ```ts
 * import { requestState } from '@paywire/core'
 * const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody, headers })
 * req.paywire = requestState('waylet', reply)
 * ```
 */
export function requestState(provider: ProviderName, reply: WebhookReply): PaywireRequestState {
  return { provider, events: reply.events, unknown: reply.unknown, outcome: reply.outcome, reply };
}

/** Handlers by event type: one function or several. `'*'` receives every event. */
export type PaymentWebhookHandlers = {
  [T in PaymentEventType | '*']?: PaymentEventHandler | readonly PaymentEventHandler[];
};

/** The options every paywire adapter (Express, Fastify) takes: what to serve, where, and how much to read. */
export interface WebhookAdapterOptions {
  /** The paywire instance whose configured providers get a webhook route. Required. */
  paywire: PaywireBase;
  /**
   * Handlers registered with `paywire.on(type, handler)` once, when the adapter is created. Handlers you
   * register elsewhere with `paywire.on` run too. Creating the adapter twice registers these twice. Each is
   * named by its place (`on.payment.paid#0`, `on.payment.paid#1`…) for per-handler idempotency: keep the
   * order of a type's handlers when you add one, or append.
   * @default {} (no handlers added)
   */
  on?: PaymentWebhookHandlers;
  /**
   * The route of a configured provider, relative to where the adapter is mounted. It also accepts any
   * sub-path (`/paylican/<token>`), which is handed to the provider as `path`.
   * @default `/<provider>` for every configured provider, e.g. `{ waylet: '/waylet' }`
   */
  paths?: Partial<Record<ProviderName, string>>;
  /**
   * Largest body the adapter reads itself: bytes, or a string such as `'512kb'` or `'1mb'` (units of 1024).
   * Over it → 413 `ERR_BODY_TOO_LARGE`. paywire's own `webhooks.maxBodyBytes` applies too.
   * @default '1mb' (1048576 bytes)
   */
  limit?: number | string;
  /**
   * Media types accepted on webhook routes (`type/subtype`, `*` standing for one or more name characters, so
   * `application/*+json` matches `application/vnd.waylet+json`).
   * Another `Content-Type` gets 415 `ERR_UNSUPPORTED_MEDIA_TYPE`; a request with no `Content-Type` is accepted.
   * @default ['application/json', 'application/*+json', 'text/plain']
   */
  contentTypes?: readonly string[];
}

/** A provider's route after resolution. */
export interface ResolvedWebhookRoute {
  provider: ProviderName;
  path: string;
  configured: boolean;
}

/** {@link WebhookAdapterOptions} validated and fully defaulted. */
export interface ResolvedAdapterOptions {
  paywire: PaywireBase;
  /** Every supported provider's route: longest path first, configured before unconfigured. */
  routes: ResolvedWebhookRoute[];
  limit: number;
  contentTypes: RegExp[];
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024, gb: 1024 * 1024 * 1024 };

/**
 * Resolves a body limit to bytes.
 * @example
 * ```ts
 * import { parseLimit } from '@paywire/core'
 * parseLimit('512kb') // 524288
 * ```
 * @throws TypeError for anything but a positive integer or `<n>b|kb|mb|gb`.
 */
export function parseLimit(limit: number | string, who = 'paymentWebhooks'): number {
  if (typeof limit === 'number' && Number.isSafeInteger(limit) && limit > 0) return limit;
  const match = typeof limit === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)\s*$/i.exec(limit) : null;
  const bytes = match ? Math.floor(Number(match[1]) * (UNITS[match[2]!.toLowerCase()] ?? 0)) : 0;
  if (bytes <= 0)
    throw new TypeError(
      `${who}: limit must be a positive number of bytes or a string like '1mb', got ${JSON.stringify(limit)}`,
    );
  return bytes;
}

function resolvePath(provider: string, path: unknown, who: string): string {
  if (typeof path !== 'string' || !/^\/[^?#]*[^/?#]$/.test(path) || path.includes('//')) {
    throw new TypeError(
      `${who}: paths.${provider} must start with '/', name at least one segment and contain no '?', '#', '//' or trailing '/'; got ${JSON.stringify(path)}`,
    );
  }
  return path;
}

function registerHandlers(paywire: PaywireBase, on: unknown, who: string): void {
  if (on === undefined) return;
  if (on === null || typeof on !== 'object')
    throw new TypeError(`${who}: on must be an object of handlers by event type`);
  const entries = Object.entries(on as Record<string, unknown>);
  for (const [type, value] of entries) {
    if (type !== '*' && !(PAYMENT_EVENT_TYPES as readonly string[]).includes(type)) {
      throw new TypeError(
        `${who}: on["${type}"]: unknown event type; expected '*' or one of ${PAYMENT_EVENT_TYPES.join(', ')}`,
      );
    }
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0 || list.some((h) => typeof h !== 'function'))
      throw new TypeError(`${who}: on["${type}"] must be a function or an array of functions`);
  }
  const adapters = (adaptersOf.get(paywire) ?? 0) + 1;
  adaptersOf.set(paywire, adapters);
  for (const [type, value] of entries) {
    // Stable handler names for per-handler idempotency: the handler's place in the on map (`on.payment.paid#0`;
    // `on(2).payment.paid#0` for the second adapter of one paywire instance).
    const prefix = adapters === 1 ? 'on' : `on(${adapters})`;
    ([value].flat() as PaymentEventHandler[]).forEach((handler, i) =>
      paywire.on(type as '*', handler, { name: `${prefix}.${type}#${i}` }),
    );
  }
}

/** How many adapters registered `on` handlers on each paywire instance (for their names). */
const adaptersOf = new WeakMap<PaywireBase, number>();

function resolveRoutes(paywire: PaywireBase, paths: unknown, who: string): ResolvedWebhookRoute[] {
  if (paths === null || typeof paths !== 'object')
    throw new TypeError(`${who}: paths must be an object of paths by provider`);
  for (const name of Object.keys(paths)) {
    if (!paywire.isConfigured(name))
      throw new TypeError(
        `${who}: paths.${name}: "${name}" is not a configured provider (configured: ${paywire.providers.join(', ') || 'none'})`,
      );
  }
  const routes = PROVIDER_NAMES.map((provider): ResolvedWebhookRoute => {
    const configured = paywire.isConfigured(provider);
    const custom = configured ? (paths as Record<string, unknown>)[provider] : undefined;
    return { provider, configured, path: custom === undefined ? `/${provider}` : resolvePath(provider, custom, who) };
  });
  const configuredRoutes = routes.filter((r) => r.configured);
  for (const r of configuredRoutes) {
    const clash = configuredRoutes.find((o) => o !== r && o.path === r.path);
    if (clash) throw new TypeError(`${who}: ${r.provider} and ${clash.provider} share the path ${r.path}`);
  }
  return routes.sort((a, b) => b.path.length - a.path.length || Number(b.configured) - Number(a.configured));
}

/**
 * Validates an adapter's options and resolves them once (at the factory call or `register`, never per request),
 * then registers the `on` handlers. For adapters.
 *
 * @example
 * ```ts
 * import { resolveAdapterOptions, type WebhookAdapterOptions } from '@paywire/core'
 * declare const options: WebhookAdapterOptions
 * const { routes, limit, contentTypes } = resolveAdapterOptions(options, 'paymentWebhooks')
 * ```
 * @throws TypeError for any misuse: no paywire instance, an unknown event type, a path for a provider that is
 *   not configured, two providers on one path, a bad limit or media type.
 */
export function resolveAdapterOptions(options: WebhookAdapterOptions, who = 'paymentWebhooks'): ResolvedAdapterOptions {
  if (options === null || typeof options !== 'object')
    throw new TypeError(`${who}: options must be an object ({ paywire, on?, paths?, limit? })`);
  const { paywire } = options;
  if (
    paywire === null ||
    typeof paywire !== 'object' ||
    typeof paywire.webhooks?.handle !== 'function' ||
    typeof paywire.isConfigured !== 'function'
  ) {
    throw new TypeError(`${who}: options.paywire must be the instance createPaywire() returned`);
  }
  const routes = resolveRoutes(paywire, options.paths ?? {}, who);
  const contentTypes = options.contentTypes ?? DEFAULT_WEBHOOK_CONTENT_TYPES;
  if (!Array.isArray(contentTypes)) throw new TypeError(`${who}: contentTypes must be an array of media types`);
  const resolved: ResolvedAdapterOptions = {
    paywire,
    routes,
    limit: parseLimit(options.limit ?? DEFAULT_MAX_BODY_BYTES, who),
    contentTypes: contentTypes.map((p) => mediaTypePattern(p, who)),
  };
  registerHandlers(paywire, options.on, who);
  return resolved;
}
