import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ConfigError, type PaymentContext, type PaymentEvent, type Paywire } from '@paywire/core';
import type { PaymentHandlerMetadata } from './interfaces/payment-handler-metadata.interface.js';
import { getPaymentHandlerMetadata } from './payments-metadata.accessor.js';
import { PAYWIRE } from './payments.constants.js';

/** One decorated method found at bootstrap. */
interface FoundHandler {
  label: string;
  instance: object;
  method: (event: PaymentEvent, context: PaymentContext) => unknown;
  metadata: PaymentHandlerMetadata;
  isStatic: boolean;
}

/**
 * Finds every `@OnPaymentEvent()` method (and shortcut) in the providers of every module at bootstrap and
 * registers it with `paywire.on()`, bound to its instance. Internal; `PaymentsModule` provides it.
 *
 * @example
 * ```ts
 * // nothing to call: decorate methods of any provider and the explorer finds them in onModuleInit
 * ```
 * @throws PaywireError `ERR_PROVIDER_NOT_CONFIGURED` (from `onModuleInit`, failing `app.init()`) when a handler's
 *   provider filter names a provider that the module options do not configure.
 * @throws TypeError when a handler sits in a request-scoped or transient provider.
 */
@Injectable()
export class PaymentsExplorer implements OnModuleInit, OnModuleDestroy {
  readonly #logger = new Logger('PaymentsModule');
  readonly #unsubscribe: (() => void)[] = [];
  readonly #names = new Map<string, number>();

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(PAYWIRE) private readonly paywire: Paywire,
  ) {}

  /** Discovers and registers the handlers. */
  onModuleInit(): void {
    const found = this.#discover();
    this.#check(found);
    for (const handler of found) this.#register(handler);
    this.#logger.log(`${found.length} payment event handler(s) registered`);
  }

  /** Removes the handlers from the paywire instance. */
  onModuleDestroy(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#names.clear();
  }

  #discover(): FoundHandler[] {
    const found: FoundHandler[] = [];
    const seen = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (instance === null || typeof instance !== 'object' || seen.has(instance)) continue;
      seen.add(instance);
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown> | null;
      if (prototype === null) continue;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = prototype[name];
        for (const metadata of getPaymentHandlerMetadata(method)) {
          const label = `${instance.constructor.name}.${name}`;
          found.push({
            label,
            instance,
            method: method as FoundHandler['method'],
            metadata,
            isStatic: wrapper.isDependencyTreeStatic(),
          });
        }
      }
    }
    return found;
  }

  #check(found: readonly FoundHandler[]): void {
    const problems: string[] = [];
    for (const { label, metadata, isStatic } of found) {
      if (!isStatic)
        throw new TypeError(
          `PaymentsModule: ${label} is a payment handler in a request-scoped or transient provider; handlers must live in singleton providers`,
        );
      for (const provider of metadata.providers ?? []) {
        const name: string = provider;
        if (!this.paywire.isConfigured(name)) problems.push(`${label} handles events from provider "${name}"`);
      }
    }
    if (problems.length === 0) return;
    const configured = this.paywire.providers.join(', ') || 'none';
    throw new ConfigError(
      'ERR_PROVIDER_NOT_CONFIGURED',
      `PaymentsModule: ${problems.join('; ')}, which is not configured (configured: ${configured}). Configure it in the PaymentsModule options or remove it from the decorator's provider filter.`,
      { details: { handlers: problems } },
    );
  }

  #register({ label, instance, method, metadata }: FoundHandler): void {
    const logger = this.#logger;
    const failed = (event: PaymentEvent, err: unknown): never => {
      logger.error(
        `${label} failed on ${event.provider} ${event.type} ${event.id}; the delivery answers 500 so the provider retries`,
        err instanceof Error ? err.stack : String(err),
      );
      throw err;
    };
    // No async wrapper: a synchronous method costs one call, an async one one `then` (only to log its failure).
    const handler = (event: PaymentEvent, context: PaymentContext): unknown => {
      let result: unknown;
      try {
        result = method.call(instance, event, context); // context.tx: the delivery's transaction with @paywire/postgres
      } catch (err) {
        return failed(event, err);
      }
      if (result === null || typeof (result as PromiseLike<unknown> | undefined)?.then !== 'function') return undefined;
      return (result as PromiseLike<unknown>).then(
        () => undefined,
        (err: unknown) => failed(event, err),
      );
    };
    Object.defineProperty(handler, 'name', { value: label });
    // The handler's identity for per-handler idempotency: `Class.method` (`#n` for a second provider of the same
    // class).
    const uses = (this.#names.get(label) ?? 0) + 1;
    this.#names.set(label, uses);
    const options = { name: uses === 1 ? label : `${label}#${uses - 1}` };
    const off = metadata.providers
      ? this.paywire.on(metadata.types, { provider: metadata.providers }, handler, options)
      : this.paywire.on(metadata.types, handler, options);
    this.#unsubscribe.push(off);
  }
}
