import { Inject, Logger, Module, type MiddlewareConsumer, type NestModule, type OnModuleDestroy } from '@nestjs/common';
import { ApplicationConfig, DiscoveryModule, HttpAdapterHost } from '@nestjs/core';
import { DEFAULT_MAX_BODY_BYTES, type Paywire } from '@paywire/core';
import type { PaymentsModuleOptions } from './interfaces/payments-module-options.interface.js';
import { webhookBodyErrorHandler } from './body-parser-errors.js';
import { PaymentsExplorer } from './payments.explorer.js';
import { PAYWIRE } from './payments.constants.js';
import { ConfigurableModuleClass, PAYMENTS_MODULE_OPTIONS } from './payments.module-definition.js';
import { paywireProvider } from './paywire.provider.js';
import { mountOnFastify } from './fastify-endpoint.js';
import { webhookEndpoint, type WebhookEndpointSettings } from './webhook-endpoint.js';
import { webhookPathOf, webhookRouteMatcher } from './webhook-route.js';
import { leaveWebhookBodiesUnparsed } from './unparsed-webhook-bodies.js';

/**
 * Payments for a Nest app: creates the paywire instance (injectable with `@InjectPaywire()`), serves the webhook
 * endpoint `POST <global prefix>/<webhooks.path>/<provider>` (with any `/rest` after it, for path tokens), and
 * registers every `@OnPaymentEvent()` method of every provider as an event handler at bootstrap. Express or
 * Fastify platform (on Fastify the endpoint is `@paywire/fastify`'s plugin, registered in its own scope).
 *
 * The endpoint is an Express middleware added in `configure()` (which runs once the options, even those of
 * `forRootAsync`, are resolved): after Nest's body parsers (which leave its URLs unread: paywire reads the exact bytes
 * once), before every Nest middleware, guard, filter and route. It only answers URLs whose segment after the path
 * is one of paywire's provider names; every other URL — including the app's own routes under the same path — goes
 * on to the app. No controller class is created or has its metadata rewritten.
 *
 * @example
 * ```ts
 * import { Module } from '@nestjs/common'
 * import { ConfigModule, ConfigService } from '@nestjs/config'
 * import { PaymentsModule } from '@paywire/nestjs'
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
 * @throws TypeError at bootstrap when `webhooks.path` is empty or only slashes, or the platform is neither Express
 *   nor Fastify.
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
    @Inject(ApplicationConfig) private readonly appConfig: ApplicationConfig,
  ) {
    super();
  }

  /**
   * Adds the webhook endpoint (see {@link webhookEndpoint}) and, right after it, the error handler that answers
   * body-parser refusals on the endpoint's URLs with paywire's replies (see {@link webhookBodyErrorHandler}); Nest's
   * JSON and urlencoded parsers, already mounted, skip the endpoint's URLs (see {@link leaveWebhookBodiesUnparsed}).
   * The global prefix is read on each request, so `app.setGlobalPrefix()` may be called before or after.
   */
  configure(_consumer: MiddlewareConsumer): void {
    const path = webhookPathOf(this.options.webhooks);
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return;
    const limit = this.options.webhooks?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const type = adapter.getType();
    if (type === 'fastify') {
      const globalPrefix = this.appConfig.getGlobalPrefix().replace(/^\/+|\/+$/g, '');
      mountOnFastify(adapter.getInstance(), {
        paywire: this.paywire,
        limit,
        prefix: `/${globalPrefix === '' ? '' : `${globalPrefix}/`}${path}`,
      });
    } else if (type === 'express') {
      const settings: WebhookEndpointSettings = {
        paywire: this.paywire,
        limit,
        route: webhookRouteMatcher(path, () => this.appConfig.getGlobalPrefix()),
      };
      leaveWebhookBodiesUnparsed(adapter.getInstance(), (url) => settings.route(url) !== undefined);
      adapter.use(webhookEndpoint(settings));
      adapter.use(webhookBodyErrorHandler(settings));
    } else {
      throw new TypeError(
        `PaymentsModule: the webhook endpoint needs @nestjs/platform-express or @nestjs/platform-fastify; this app uses "${type}"`,
      );
    }
    this.#logger.log(`payment webhooks: POST /${path}/:provider (${this.paywire.providers.join(', ')}) on ${type}`);
  }

  /** Closes the paywire instance's HTTP connections. */
  async onModuleDestroy(): Promise<void> {
    await this.paywire.close();
  }
}
