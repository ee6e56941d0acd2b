import { Logger, type FactoryProvider } from '@nestjs/common';
import { createPaywire, type Paywire } from '@paywire/core';
import type { PaymentsModuleOptions } from './interfaces/payments-module-options.interface.js';
import { nestLoggerAdapter } from './nest-logger.adapter.js';
import { PAYWIRE } from './payments.constants.js';
import { PAYMENTS_MODULE_OPTIONS } from './payments.module-definition.js';

/**
 * Creates the paywire instance from the module options: `webhooks.path` is the module's, the rest goes to
 * `createPaywire` (which validates it: `ERR_CONFIG_INVALID` fails the bootstrap). Logs go to Nest's logger
 * (context `Paywire`) unless `options.logger` is set.
 *
 * @example
 * ```ts
 * import { createPaywireFromOptions } from './paywire.provider.js'
 * const paywire = createPaywireFromOptions({ providers: { waylet: { baseUrl, apiKey, commerceId, secret } } })
 * ```
 * @throws PaywireError `ERR_CONFIG_INVALID` for invalid options.
 */
export function createPaywireFromOptions(options: PaymentsModuleOptions): Paywire {
  const { webhooks, logger, ...rest } = options;
  const { path: _path, ...pipeline } = webhooks ?? {};
  return createPaywire({ ...rest, webhooks: pipeline, logger: logger ?? nestLoggerAdapter(new Logger('Paywire')) });
}

/** The provider of {@link PAYWIRE}. Internal. */
export const paywireProvider: FactoryProvider<Paywire> = {
  provide: PAYWIRE,
  useFactory: createPaywireFromOptions,
  inject: [PAYMENTS_MODULE_OPTIONS],
};
