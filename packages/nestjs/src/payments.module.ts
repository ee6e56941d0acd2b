import { Inject, Logger, Module, RequestMethod, type MiddlewareConsumer, type NestModule, type OnModuleDestroy } from '@nestjs/common';
import { DiscoveryModule, HttpAdapterHost } from '@nestjs/core';
import type { Paywire } from '@paywire/core';
import type { PaymentsModuleOptions } from './interfaces/payments-module-options.interface.js';
import { webhookBodyErrorHandler } from './body-parser-errors.js';
import { PaymentsExplorer } from './payments.explorer.js';
import { DEFAULT_WEBHOOK_PATH, PAYWIRE } from './payments.constants.js';
import { ConfigurableModuleClass, PAYMENTS_MODULE_OPTIONS } from './payments.module-definition.js';
import { PaymentsWebhookMiddleware } from './payments-webhook.middleware.js';
import { paywireProvider } from './paywire.provider.js';

/** `webhooks.path` without leading or trailing slashes. */
export function webhookPathOf(options: PaymentsModuleOptions): string {
  const path = options.webhooks?.path ?? DEFAULT_WEBHOOK_PATH;
  if (typeof path !== 'string') throw new TypeError('PaymentsModule: webhooks.path must be a string');
  return path.replace(/^\/+|\/+$/g, '');
}

/**
 * Payments for a Nest app: creates the paywire instance (injectable with `@InjectPaywire()`), mounts the webhook
 * endpoint `POST <webhooks.path>/:provider` (with any `/rest` after it, for path tokens), and registers every
 * `@OnPaymentEvent()` method of every provider as an event handler at bootstrap. Express platform.
 *
 * The path comes from the options, which `forRootAsync` only knows at runtime; it is therefore mounted with
 * `MiddlewareConsumer.forRoutes()` in `configure()`, which runs after the options are resolved. No controller
 * class is created or has its metadata rewritten.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     PaymentsModule.forRootAsync({
 *       imports: [ConfigModule],
 *       inject: [ConfigService],
 *       useFactory: (config: ConfigService) => ({ providers: { waylet: config.getOrThrow('waylet') } }),
 *       isGlobal: true,
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 * @throws PaywireError at bootstrap: `ERR_CONFIG_INVALID` for invalid options, `ERR_PROVIDER_NOT_CONFIGURED` when
 *   a handler filters on a provider that is not configured.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [paywireProvider, PaymentsExplorer],
  exports: [PAYWIRE],
})
export class PaymentsModule extends ConfigurableModuleClass implements NestModule, OnModuleDestroy {
  readonly #logger = new Logger('PaymentsModule');

  constructor(
    @Inject(PAYMENTS_MODULE_OPTIONS) private readonly options: PaymentsModuleOptions,
    @Inject(PAYWIRE) private readonly paywire: Paywire,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {
    super();
  }

  /**
   * Mounts the webhook endpoint at the configured path. On Express it also adds an error handler, placed after
   * Nest's body parsers and before its exception filters, that answers body-parser refusals on the webhook path
   * with paywire's own replies (see `webhookBodyErrorHandler`).
   */
  configure(consumer: MiddlewareConsumer): void {
    const path = webhookPathOf(this.options);
    const base = path === '' ? '' : `${path}/`;
    consumer.apply(PaymentsWebhookMiddleware).forRoutes({ path: `${base}:provider{/*rest}`, method: RequestMethod.POST });
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() === 'express') adapter.use(webhookBodyErrorHandler(this.paywire, path));
    this.#logger.log(`payment webhooks: POST /${base}:provider (${this.paywire.providers.join(', ')})`);
  }

  /** Closes the paywire instance's HTTP connections. */
  async onModuleDestroy(): Promise<void> {
    await this.paywire.close();
  }
}
