import { paymentWebhooks } from '@paywire/fastify';
import type { Paywire } from '@paywire/core';

/** The Fastify instance `@nestjs/platform-fastify` wraps (only what the module calls). Internal. */
type FastifyLike = Parameters<typeof paymentWebhooks>[0];

/** Where and how the endpoint is mounted on Fastify. Internal. */
export interface FastifyEndpointSettings {
  paywire: Paywire;
  /** `/<global prefix>/<webhooks.path>`, resolved when the module is configured. */
  prefix: string;
  /** The paywire instance's `webhooks.maxBodyBytes`. */
  limit: number;
}

/**
 * Mounts the webhook endpoint on the Fastify instance of a `@nestjs/platform-fastify` app: `@paywire/fastify`'s
 * plugin, registered in its own encapsulated scope, so its raw-body parser serves `<prefix>/<provider>[/<rest>]`
 * only and the app's routes keep Nest's parsers. Like the Express endpoint, it runs before every Nest guard,
 * interceptor, filter and route. Internal; `PaymentsModule` calls it from `configure()`.
 *
 * @example
 * ```ts
 * import type { FastifyAdapter } from '@nestjs/platform-fastify'
 * import { mountOnFastify } from './fastify-endpoint.js'
 * declare const adapter: FastifyAdapter
 * mountOnFastify(adapter.getInstance(), { paywire, prefix: '/api/webhooks', limit: 1024 * 1024 })
 * ```
 */
export function mountOnFastify(instance: FastifyLike, settings: FastifyEndpointSettings): void {
  void instance.register(paymentWebhooks, {
    paywire: settings.paywire,
    prefix: settings.prefix,
    limit: settings.limit,
  });
}
