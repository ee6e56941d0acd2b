import type { PaywireOptions, WebhookOptions } from '@paywire/core';

/** Webhook settings of {@link PaymentsModuleOptions}: the core pipeline options plus where to mount the endpoint. */
export interface PaymentsWebhookOptions extends WebhookOptions {
  /**
   * Path of the webhook endpoint, without the provider segment. The module answers `POST <path>/<provider>`
   * (and `POST <path>/<provider>/<anything>`, for path tokens) with the app's global prefix applied, for the
   * segments that are paywire provider names only; any other URL under the path is left to the app's routes.
   * Must not be empty (or only slashes): bootstrap fails with a `TypeError`.
   * @default 'payments/webhooks'
   */
  path?: string;
}

/**
 * Options of `PaymentsModule.forRoot()` (and what a `forRootAsync()` factory returns): the core
 * {@link PaywireOptions} plus `webhooks.path`.
 *
 * @example
 * ```ts
 * import type { PaymentsModuleOptions } from '@paywire/nestjs'
 * const options: PaymentsModuleOptions = {
 *   providers: { waylet: { baseUrl, apiKey, commerceId, secret } },
 *   webhooks: { path: 'webhooks' },
 * }
 * ```
 */
export interface PaymentsModuleOptions extends Omit<PaywireOptions, 'webhooks'> {
  /** Webhook endpoint and pipeline settings. */
  webhooks?: PaymentsWebhookOptions;
}

/**
 * A class that `forRootAsync({ useClass })` or `forRootAsync({ useExisting })` asks for the options.
 *
 * @example
 * ```ts
 * import { Inject, Injectable } from '@nestjs/common'
 * import { ConfigService } from '@nestjs/config'
 * import type { PaymentsOptionsFactory, PaymentsModuleOptions } from '@paywire/nestjs'
 * @Injectable()
 * class PaymentsConfig implements PaymentsOptionsFactory {
 *   constructor(@Inject(ConfigService) private readonly config: ConfigService) {}
 *   createPaymentsOptions(): PaymentsModuleOptions {
 *     return { providers: { waylet: this.config.getOrThrow('waylet') } }
 *   }
 * }
 * ```
 */
export interface PaymentsOptionsFactory {
  /** Returns the module options (may be async). */
  createPaymentsOptions(): PaymentsModuleOptions | Promise<PaymentsModuleOptions>;
}
