import { z } from 'zod';
import { ConfigError, paywireError } from './errors.js';
import type { PaymentEvent, PaymentEventType, ProviderName } from './events.js';
import { systemClock, type Clock } from './lib/clock.js';
import { parseConfig } from './lib/config.js';
import { createHttpClient, type HttpOptions } from './lib/http.js';
import { consoleLogger, redactingLogger, type PaywireLogger } from './lib/logger.js';
import { createRedactor } from './lib/redact.js';
import { providerRegistry, type ProviderRegistry } from './providers/registry.js';
import type { ProviderContext, ProviderWebhook } from './providers/types.js';
import { providerLedger } from './stores/ledger.js';
import { memoryStore } from './stores/memory.js';
import { directOperations, STORE_METHODS, storeCall } from './stores/operations.js';
import type { PaymentRecord, PaywireStore } from './stores/types.js';
import {
  HandlerRegistry,
  type EventSelector,
  type HandlerFilter,
  type HandlerOptions,
  type PaymentEventHandler,
} from './webhooks/handlers.js';
import { createFetchHandler, type FetchWebhookHandler } from './webhooks/fetch.js';
import { DEFAULT_MAX_BODY_BYTES } from './webhooks/http-reply.js';
import { createPipeline } from './webhooks/pipeline.js';
import { createTelemetry } from './webhooks/telemetry.js';
import type { TelemetryOptions } from './webhooks/telemetry-options.js';
import { neverThrowing } from './webhooks/safe-handle.js';
import type { WebhookOptions, WebhookReply, WebhookRequest } from './webhooks/types.js';

type Registered = keyof ProviderRegistry;

/** Provider options by name: configure any subset. */
export type ProvidersOptions = { [K in Registered]?: z.input<ProviderRegistry[K]['configSchema']> };

/** The API client of provider `K`. */
export type ClientOf<K extends ProviderName> = K extends Registered
  ? ReturnType<ProviderRegistry[K]['createClient']>
  : never;

/** Options of {@link createPaywire}. */
export interface PaywireOptions {
  /** The providers to use and their credentials; each is validated now (`ERR_CONFIG_INVALID`). */
  providers: ProvidersOptions;
  /** Deduplication leases, the payment ledger and session data (store v2). @default memoryStore() */
  store?: PaywireStore;
  /** The payment ledger. */
  ledger?: LedgerOptions;
  /** Outgoing HTTP settings. */
  http?: HttpOptions;
  /** Where paywire logs; everything is redacted first. @default warnings and errors to the console */
  logger?: PaywireLogger;
  /** Clock, for tests. @default the system clock */
  clock?: Clock;
  /** Webhook pipeline settings. */
  webhooks?: WebhookOptions;
  /** OpenTelemetry spans and metrics, when `@opentelemetry/api` is installed. @default {} (on, global providers) */
  telemetry?: TelemetryOptions;
}

/** Options of the payment ledger. */
export interface LedgerOptions {
  /** How long a payment's record is kept after its last change. @default 15552000000 (180 days) */
  retentionMs?: number;
}

/** Read access to the payment ledger: `paywire.payments`. */
export interface PaywirePayments {
  /**
   * The ledger record of one payment (status, ids, amount, applied and stale events), or `undefined`.
   * @example
   * ```ts
   * declare function showReceipt(record: object): void
   * const record = await paywire.payments.get('waylet', 'order-1001')
   * if (record?.status === 'paid') showReceipt(record)
   * ```
   * @throws PaywireError `ERR_STORE_UNAVAILABLE` when the store fails.
   */
  get(provider: ProviderName, paymentId: string): Promise<PaymentRecord | undefined>;
}

/** The webhook entry point both adapters call. */
export interface PaywireWebhooks {
  /**
   * Verifies, parses, deduplicates and dispatches one delivery, and says what to answer. Never throws for
   * anything in the request; a bad request becomes a 4xx reply.
   * @example
   * ```ts
   * const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody, headers })
   * res.writeHead(reply.status, reply.headers).end(reply.body)
   * ```
   */
  handle(request: WebhookRequest): Promise<WebhookReply>;
  /**
   * The Web-standard entry point (Hono, Next.js route handlers, Bun, Deno): reads the `Request`, applies the same
   * checks as the Node adapters (404, 405, 413, 415) and answers with a `Response`. The provider comes from the
   * URL's path unless given.
   * @example
   * ```ts
   * // a Next.js route handler
   * export const POST = (request: Request) => paywire.webhooks.fetch(request)
   * // a Hono app: the context's `req.raw` is the Request
   * declare const hono: { post(path: string, h: (c: { req: { raw: Request } }) => Promise<Response>): void }
   * hono.post('/webhooks/:provider/*', (c) => paywire.webhooks.fetch(c.req.raw))
   * ```
   * @throws PaywireError `ERR_BODY_ALREADY_PARSED` (500) when something read the body first; server faults.
   */
  fetch: FetchWebhookHandler;
}

/**
 * The type argument of a {@link Paywire} whose configuration this code does not know (what `Paywire` means with no
 * type argument, e.g. when injected): every client may be absent.
 */
export interface UnknownConfiguration {
  readonly __paywireUnknownConfiguration: true;
}

/**
 * A configured paywire instance: one client per configured provider, events, and webhooks.
 *
 * `Paywire<'waylet' | 'etpay'>` (what `createPaywire` returns) has exactly those clients. `Paywire` with no type
 * argument does not know the configuration: every client is possibly `undefined`; use `paywire.client('waylet')`,
 * which throws `ERR_PROVIDER_NOT_CONFIGURED` when it is not configured, or name the providers.
 *
 * @typeParam P - the configured providers
 * @example
 * ```ts
 * import type { Paywire } from '@paywire/core';
 * export const start = (paywire: Paywire<'waylet'>) =>
 *   paywire.waylet.startPayment({ customer: 'ana@example.com', amount: 300, paymentId: 'o-1' });
 * export const startAnywhere = (paywire: Paywire) =>
 *   paywire.client('waylet').startPayment({ customer: 'ana@example.com', amount: 300, paymentId: 'o-1' });
 * ```
 */
export type Paywire<P extends ProviderName | UnknownConfiguration = UnknownConfiguration> = [P] extends [ProviderName]
  ? PaywireBase<P> & { readonly [K in P & Registered]: ClientOf<K> }
  : PaywireBase & { readonly [K in Registered]?: ClientOf<K> };

/**
 * The provider-independent part of a {@link Paywire} instance.
 * @typeParam P - the configured providers (handler filters may only name these)
 */
export interface PaywireBase<P extends ProviderName = ProviderName> {
  /** Names of the configured providers. */
  readonly providers: readonly ProviderName[];
  /** True when `provider` is configured. */
  isConfigured(provider: string): provider is ProviderName;
  /**
   * The API client of a provider.
   * @example
   * ```ts
   * const { wayletPaymentId } = await paywire
   *   .client('waylet')
   *   .startPayment({ customer: 'ana@example.com', amount: 300, paymentId: 'o-1' })
   * ```
   * @throws ConfigError `ERR_PROVIDER_NOT_CONFIGURED` when the provider is not configured on this instance.
   */
  client<K extends P & Registered>(provider: K): ClientOf<K>;
  /**
   * Registers a handler for normalized events; returns a function that removes it. Every matching handler is
   * awaited; if any throws, the delivery answers 500 so the provider retries, and the retry runs the handlers
   * that did not complete (identified by `options.name`, else function name + counter). Handlers get
   * `(event, context)`: `context.attempt`, `context.signal`, and `context.tx` with a transactional store.
   * Make handlers idempotent per `event.id` where they have side effects beyond your database transaction.
   * @example
   * ```ts
   * paywire.on('payment.paid', async (e) => orders.markPaid(e.paymentId))
   * paywire.on('payment.failed', { provider: 'waylet' }, (e) => logger.warn('payment failed', e.failure))
   * paywire.on('payment.paid', (e, { attempt }) => mailer.receipt(e.paymentId, attempt), { name: 'receipt' })
   * ```
   */
  on<T extends PaymentEventType | '*'>(
    selector: T | readonly T[],
    handler: PaymentEventHandler<ProviderName, T>,
    options?: HandlerOptions,
  ): () => void;
  on<T extends PaymentEventType | '*', F extends P>(
    selector: T | readonly T[],
    filter: HandlerFilter<F>,
    handler: PaymentEventHandler<F, T>,
    options?: HandlerOptions,
  ): () => void;
  /** The webhook pipeline. */
  readonly webhooks: PaywireWebhooks;
  /** The payment ledger. */
  readonly payments: PaywirePayments;
  /** Closes the HTTP connections this instance opened and stops renewing the leases of handlers still running. */
  close(): Promise<void>;
}

const webhookOptionsSchema = z
  .object({
    maxBodyBytes: z.number().int().positive().default(DEFAULT_MAX_BODY_BYTES),
    leaseMs: z.number().int().positive().default(120_000),
    dedupTtlMs: z
      .number()
      .int()
      .positive()
      .default(7 * 24 * 3600 * 1000),
    retryAfterSeconds: z.number().int().nonnegative().default(5),
    onUnknownEvent: z
      .custom<NonNullable<WebhookOptions['onUnknownEvent']>>((v) => typeof v === 'function', 'must be a function')
      .optional(),
    onStaleEvent: z
      .custom<NonNullable<WebhookOptions['onStaleEvent']>>((v) => typeof v === 'function', 'must be a function')
      .optional(),
    unknownPayments: z.enum(['accept', 'reject']).default('accept'),
    handlerTimeoutMs: z.number().int().positive().default(30_000),
    maxHandlerMs: z.number().int().positive().default(600_000),
  })
  .prefault({});

const ledgerOptionsSchema = z
  .object({
    retentionMs: z
      .number()
      .int()
      .positive()
      .default(180 * 24 * 3600 * 1000),
  })
  .prefault({});

function assertStore(store: unknown): asserts store is PaywireStore {
  const missing = STORE_METHODS.filter((m) => typeof (store as Record<string, unknown> | null)?.[m] !== 'function');
  if (missing.length > 0)
    throw new TypeError(`createPaywire: store must implement PaywireStore v2; missing ${missing.join(', ')}`);
}

/**
 * Creates a paywire instance. Options are validated once, here.
 *
 * @example
 * ```ts
 * import { createPaywire } from '@paywire/core'
 * const paywire = createPaywire({
 *   providers: { waylet: { baseUrl, apiKey, commerceId, secret, callbackUrl } },
 * })
 * paywire.on('payment.paid', (event) => orders.markPaid(event.paymentId))
 * ```
 * @throws PaywireError `ERR_CONFIG_INVALID` naming the failing option (values are never printed); `TypeError` when
 *   `store` does not implement PaywireStore v2.
 */
export function createPaywire<const O extends PaywireOptions>(
  options: O,
): Paywire<keyof O['providers'] & ProviderName> {
  if (options === null || typeof options !== 'object') throw new TypeError('createPaywire: options must be an object');
  if (options.providers === null || typeof options.providers !== 'object') {
    throw paywireError(
      'ERR_CONFIG_INVALID',
      'invalid paywire options: providers: required (an object naming at least one provider)',
      { field: 'providers' },
    );
  }
  for (const name of Object.keys(options.providers)) {
    if (!(name in providerRegistry)) {
      throw paywireError(
        'ERR_CONFIG_INVALID',
        `invalid paywire options: providers.${name}: unknown provider; expected one of ${Object.keys(providerRegistry).join(', ')}`,
        { field: `providers.${name}` },
      );
    }
  }
  const webhookConfig = parseConfig(webhookOptionsSchema, options.webhooks, 'webhooks');
  const clock = options.clock ?? systemClock;
  const ledgerConfig = parseConfig(ledgerOptionsSchema, options.ledger, 'ledger');
  if (options.store !== undefined) assertStore(options.store);
  const now = () => clock.now();
  const handlers = new HandlerRegistry();

  const configs = new Map<Registered, unknown>();
  const redact = createRedactor([]);
  for (const [name, value] of Object.entries(options.providers) as [Registered, unknown][]) {
    if (value === undefined) continue;
    const def = providerRegistry[name];
    const config = parseConfig(def.configSchema, value, `providers.${name}`, name);
    configs.set(name, config);
    for (const secret of def.secrets(config as never)) redact.add(secret);
  }
  const logger = redactingLogger(options.logger ?? consoleLogger, redact);
  const store = options.store ?? memoryStore({ clock, logger });
  const telemetry = createTelemetry(options.telemetry);
  const rawHttp = createHttpClient(options.http ?? {}, logger, redact);
  const traced = telemetry.client((req: Parameters<typeof rawHttp.request>[0]) => rawHttp.request(req));
  const http: typeof rawHttp = {
    request: traced as typeof rawHttp.request,
    close: () => rawHttp.close(),
  };

  const webhooks = new Map<string, ProviderWebhook>();
  const clients: Record<string, unknown> = {};
  // `emit` runs only once the clients are in users' hands, after `pipeline` below exists.
  const emit = async (events: readonly PaymentEvent[]): Promise<void> => {
    const result = await pipeline.dispatchBatch(events);
    if (result.failed) throw result.failed;
  };
  for (const [name, config] of configs) {
    const def = providerRegistry[name];
    const ledger = providerLedger(store, name, ledgerConfig.retentionMs, now);
    const ctx: ProviderContext = { provider: name, http, store, ledger, clock, logger, redact, emit };
    clients[name] = def.createClient(config as never, ctx);
    webhooks.set(name, telemetry.webhook(def.createWebhook(config as never, ctx)));
  }
  const pipeline = createPipeline({
    config: { ...webhookConfig, ledgerRetentionMs: ledgerConfig.retentionMs },
    webhooks,
    store: telemetry.store(store),
    handlers,
    logger,
    now,
    // the memory store's synchronous operations, while no telemetry observes the store's calls
    direct: () => (telemetry.idle() ? directOperations(store) : undefined),
  });
  const runningPipeline = pipeline;
  const handle = telemetry.delivery(neverThrowing((req) => pipeline.handle(req), logger));

  const base: PaywireBase = {
    providers: [...configs.keys()],
    isConfigured: (provider: string): provider is ProviderName => configs.has(provider as Registered),
    client<K extends Registered>(provider: K): ClientOf<K> {
      const client = Object.hasOwn(clients, provider) ? clients[provider] : undefined;
      if (client === undefined) {
        throw new ConfigError(
          'ERR_PROVIDER_NOT_CONFIGURED',
          `paywire.client: provider "${String(provider).slice(0, 40)}" is not configured (configured: ${[...configs.keys()].join(', ') || 'none'})`,
          { provider: String(provider).slice(0, 40) },
        );
      }
      return client as ClientOf<K>;
    },
    on(
      selector: EventSelector,
      filterOrHandler: HandlerFilter | PaymentEventHandler,
      handlerOrOptions?: PaymentEventHandler<never> | HandlerOptions,
      maybeOptions?: HandlerOptions,
    ) {
      const [filter, handler, handlerOptions] =
        typeof filterOrHandler === 'function'
          ? [undefined, filterOrHandler, handlerOrOptions as HandlerOptions | undefined]
          : [filterOrHandler, handlerOrOptions as PaymentEventHandler<never>, maybeOptions];
      for (const p of [filter?.provider ?? []].flat()) {
        if (!configs.has(p)) throw new TypeError(`paywire.on: provider "${p}" is not configured`);
      }
      return handlers.add(selector, filter, telemetry.handler(handler as PaymentEventHandler), handlerOptions);
    },
    webhooks: {
      handle: (request) => handle(request),
      fetch: createFetchHandler(
        { isConfigured: (p) => configs.has(p as Registered), webhooks: { handle } },
        webhookConfig.maxBodyBytes,
      ),
    },
    payments: {
      get: async (provider, paymentId) => {
        const found = await storeCall('getPayment', () => store.getPayment(provider, paymentId));
        return found && structuredClone(found.record); // the app's own copy (the memory store's is frozen)
      },
    },
    close: async () => {
      runningPipeline.close();
      await http.close();
    },
  };
  return Object.assign(Object.create(null), base, clients) as Paywire<keyof O['providers'] & ProviderName>;
}

/** Event types, re-exported for convenience in handler signatures. */
export type { PaymentEventType };
