import { z } from 'zod';
import { PaywireError } from './errors.js';
import type { PaymentEvent, PaymentEventType, ProviderName } from './events.js';
import { systemClock, type Clock } from './lib/clock.js';
import { parseConfig } from './lib/config.js';
import { createHttpClient, type HttpOptions } from './lib/http.js';
import { consoleLogger, redactingLogger, type PaywireLogger } from './lib/logger.js';
import { createRedactor } from './lib/redact.js';
import { providerRegistry, type ProviderRegistry } from './providers/registry.js';
import type { ProviderContext, ProviderWebhook } from './providers/types.js';
import { providerLedger, storeCall } from './stores/ledger.js';
import { memoryStore } from './stores/memory.js';
import type { PaymentRecord, PaywireStore } from './stores/types.js';
import { HandlerRegistry, type EventSelector, type HandlerFilter, type HandlerOptions, type PaymentEventHandler } from './webhooks/handlers.js';
import { createPipeline } from './webhooks/pipeline.js';
import type { WebhookOptions, WebhookReply, WebhookRequest } from './webhooks/types.js';

type Registered = keyof ProviderRegistry & ProviderName;

/** Provider options by name: configure any subset. */
export type ProvidersOptions = { [K in Registered]?: z.input<ProviderRegistry[K]['configSchema']> };

/** The API client of provider `K`. */
export type ClientOf<K extends ProviderName> = K extends Registered ? ReturnType<ProviderRegistry[K]['createClient']> : never;

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
}

/** A configured paywire instance: one client per configured provider, events, and webhooks. */
export type Paywire<P extends ProviderName = ProviderName> = PaywireBase & { readonly [K in P & Registered]: ClientOf<K> };

/** The provider-independent part of a {@link Paywire} instance. */
export interface PaywireBase {
  /** Names of the configured providers. */
  readonly providers: readonly ProviderName[];
  /** True when `provider` is configured. */
  isConfigured(provider: string): provider is ProviderName;
  /**
   * Registers a handler for normalized events; returns a function that removes it. Every matching handler is
   * awaited; if any throws, the delivery answers 500 so the provider retries, and the retry runs the handlers
   * that did not complete (identified by `options.name`, else function name + counter). Handlers get
   * `(event, context)`: `context.attempt`, `context.signal`, and `context.tx` with a transactional store.
   * Make handlers idempotent per `event.id` where they have side effects beyond your database transaction.
   * @example
   * ```ts
   * paywire.on('payment.paid', async (e) => orders.markPaid(e.paymentId))
   * paywire.on('payment.failed', { provider: 'waylet' }, (e) => log(e.failure))
   * paywire.on('payment.paid', (e, { attempt }) => mailer.receipt(e.paymentId, attempt), { name: 'receipt' })
   * ```
   */
  on(selector: EventSelector, handler: PaymentEventHandler, options?: HandlerOptions): () => void;
  on<P extends ProviderName>(selector: EventSelector, filter: HandlerFilter<P>, handler: PaymentEventHandler<P>, options?: HandlerOptions): () => void;
  /** The webhook pipeline. */
  readonly webhooks: PaywireWebhooks;
  /** The payment ledger. */
  readonly payments: PaywirePayments;
  /** Closes the HTTP connections this instance opened and stops renewing the leases of handlers still running. */
  close(): Promise<void>;
}

const webhookOptionsSchema = z
  .object({
    maxBodyBytes: z.number().int().positive().default(1024 * 1024),
    leaseMs: z.number().int().positive().default(120_000),
    dedupTtlMs: z.number().int().positive().default(7 * 24 * 3600 * 1000),
    retryAfterSeconds: z.number().int().nonnegative().default(5),
    onUnknownEvent: z.custom<NonNullable<WebhookOptions['onUnknownEvent']>>((v) => typeof v === 'function', 'must be a function').optional(),
    onStaleEvent: z.custom<NonNullable<WebhookOptions['onStaleEvent']>>((v) => typeof v === 'function', 'must be a function').optional(),
    unknownPayments: z.enum(['accept', 'reject']).default('accept'),
    handlerTimeoutMs: z.number().int().positive().default(30_000),
    maxHandlerMs: z.number().int().positive().default(600_000),
  })
  .prefault({});

const ledgerOptionsSchema = z.object({ retentionMs: z.number().int().positive().default(180 * 24 * 3600 * 1000) }).prefault({});

const STORE_METHODS = ['claim', 'renew', 'release', 'complete', 'getPayment', 'putPayment', 'get', 'set', 'delete'] as const;

function assertStore(store: unknown): asserts store is PaywireStore {
  const missing = STORE_METHODS.filter((m) => typeof (store as Record<string, unknown> | null)?.[m] !== 'function');
  if (missing.length > 0) throw new TypeError(`createPaywire: store must implement PaywireStore v2; missing ${missing.join(', ')}`);
}

/**
 * Creates a paywire instance. Options are validated once, here.
 *
 * @example
 * ```ts
 * const paywire = createPaywire({
 *   providers: { waylet: { baseUrl, apiKey, commerceId, secret, callbackUrl } },
 * })
 * paywire.on('payment.paid', (event) => orders.markPaid(event.paymentId))
 * ```
 * @throws PaywireError `ERR_CONFIG_INVALID` naming the failing option (values are never printed); `TypeError` when
 *   `store` does not implement PaywireStore v2.
 */
export function createPaywire<const O extends PaywireOptions>(options: O): Paywire<keyof O['providers'] & ProviderName> {
  if (options === null || typeof options !== 'object') throw new TypeError('createPaywire: options must be an object');
  if (options.providers === null || typeof options.providers !== 'object') {
    throw new PaywireError('ERR_CONFIG_INVALID', 'invalid paywire options: providers: required (an object naming at least one provider)', { field: 'providers' });
  }
  for (const name of Object.keys(options.providers)) {
    if (!(name in providerRegistry)) {
      throw new PaywireError('ERR_CONFIG_INVALID', `invalid paywire options: providers.${name}: unknown provider; expected one of ${Object.keys(providerRegistry).join(', ')}`, { field: `providers.${name}` });
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
  const http = createHttpClient(options.http ?? {}, logger, redact);

  const webhooks = new Map<string, ProviderWebhook>();
  const clients: Record<string, unknown> = {};
  let pipeline: ReturnType<typeof createPipeline> | undefined;
  const emit = async (events: readonly PaymentEvent[]): Promise<void> => {
    const result = await (pipeline as ReturnType<typeof createPipeline>).dispatchBatch(events);
    if (result.failed) throw result.failed;
  };
  for (const [name, config] of configs) {
    const def = providerRegistry[name];
    const ledger = providerLedger(store, name, ledgerConfig.retentionMs, now);
    const ctx: ProviderContext = { provider: name, http, store, ledger, clock, logger, redact, emit };
    clients[name] = def.createClient(config as never, ctx);
    webhooks.set(name, def.createWebhook(config as never, ctx));
  }
  pipeline = createPipeline({ config: { ...webhookConfig, ledgerRetentionMs: ledgerConfig.retentionMs }, webhooks, store, handlers, logger, now });
  const runningPipeline = pipeline;
  const handle = pipeline.handle;

  const base: PaywireBase = {
    providers: [...configs.keys()],
    isConfigured: (provider: string): provider is ProviderName => configs.has(provider as Registered),
    on(selector: EventSelector, filterOrHandler: HandlerFilter | PaymentEventHandler, handlerOrOptions?: PaymentEventHandler<never> | HandlerOptions, maybeOptions?: HandlerOptions) {
      const [filter, handler, handlerOptions] =
        typeof filterOrHandler === 'function' ? [undefined, filterOrHandler, handlerOrOptions as HandlerOptions | undefined] : [filterOrHandler, handlerOrOptions as PaymentEventHandler<never>, maybeOptions];
      for (const p of [filter?.provider ?? []].flat()) {
        if (!configs.has(p as Registered)) throw new TypeError(`paywire.on: provider "${p}" is not configured`);
      }
      return handlers.add(selector, filter, handler as PaymentEventHandler<never>, handlerOptions);
    },
    webhooks: { handle: (request) => handle(request) },
    payments: {
      get: async (provider, paymentId) => (await storeCall('getPayment', () => store.getPayment(provider, paymentId)))?.record,
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
