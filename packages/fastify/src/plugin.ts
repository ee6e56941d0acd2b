import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import {
  handleNodeWebhook,
  requestState,
  resolveAdapterOptions,
  type NodeWebhookSettings,
  type PaywireRequestState,
  type ResolvedAdapterOptions,
  type ResolvedWebhookRoute,
  type WebhookAdapterOptions,
} from '@paywire/core';

/** Options of {@link paymentWebhooks}: the options every paywire adapter takes. `prefix` is Fastify's own. */
export interface PaymentWebhooksOptions extends WebhookAdapterOptions {
  /** Where the routes go, as for any Fastify plugin (`app.register(plugin, { prefix })`). @default '' */
  prefix?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `paymentWebhooks` on the requests it answered: the events and the reply. */
    paywire: PaywireRequestState | null;
  }
}

/** Methods a webhook route answers: POST is served, the others get 405 with `Allow: POST`. */
const METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

const BODY_CONSUMED_HINT = 'a hook read request.raw before paymentWebhooks; leave the body of webhook routes unread';

/** The raw (still percent-encoded) path after `base` (the route's own path, with its prefix), and the raw query. */
function targetOf(url: string, provider: string, base: string): { provider: string; path: string; query: string } {
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : '';
  return { provider, path: rest === '/' ? '' : rest, query: q < 0 ? '' : url.slice(q + 1) };
}

function webhookRoute(config: ResolvedAdapterOptions, route: ResolvedWebhookRoute, url: string): RouteOptions {
  const settings: NodeWebhookSettings = {
    limit: config.limit,
    contentTypes: config.contentTypes,
    bodyConsumedHint: BODY_CONSUMED_HINT,
  };
  const { provider } = route;
  // '<prefix>/<provider path>', known once Fastify applied the prefix: taken from the first request's route
  let routeUrl: string | undefined;
  let base = '';
  return {
    method: METHODS,
    url,
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const { url: matched = '' } = request.routeOptions;
      if (matched !== routeUrl) {
        routeUrl = matched;
        base = matched.endsWith('/*') ? matched.slice(0, -2) : matched;
      }
      const target = targetOf(request.raw.url ?? '', provider, base);
      const answer = await handleNodeWebhook(config.paywire, request.raw, target, settings);
      request.paywire = requestState(provider, answer);
      // bytes, so Fastify sends the provider's exact content type (it adds a charset to a JSON string's)
      return reply.code(answer.status).headers(answer.headers).send(Buffer.from(answer.body));
    },
  };
}

/**
 * A Fastify 5 plugin that answers payment webhooks for every configured provider: `POST <prefix>/<provider>` (and
 * `<prefix>/<provider>/<rest>`, whose rest reaches the provider as `path`, e.g. a Paylican path token). Its routes
 * live in the plugin's own encapsulated scope with their own content-type parser, which leaves the body unread for
 * paywire to read itself (up to `limit`): the app's other routes keep Fastify's JSON parser. Other methods on a
 * webhook route get 405 with `Allow: POST`, a non-JSON content type 415, a body over `limit` 413, a route of a
 * supported but unconfigured provider paywire's 404. Client mistakes are answered with
 * `{ "error": { "code", "message" } }`; server faults (a failing store) go to Fastify's error handler. After
 * answering, `request.paywire` holds the events and the reply (for an `onResponse` hook, say).
 *
 * @example
 * ```ts
 * import Fastify from 'fastify'
 * import { paymentWebhooks } from '@paywire/fastify'
 * const app = Fastify()
 * await app.register(paymentWebhooks, {
 *   paywire,
 *   prefix: '/webhooks',
 *   on: { 'payment.paid': (e) => orders.markPaid(e.paymentId) },
 * })
 * ```
 * @throws TypeError at `register` (the `register` promise and `app.ready()` reject) when the options are wrong:
 *   no paywire, an unknown event type, a path for an unconfigured provider, a bad limit. Never on a request.
 */
export async function paymentWebhooks(app: FastifyInstance, options: PaymentWebhooksOptions): Promise<void> {
  for (const [provider, path] of Object.entries(options?.paths ?? {})) {
    if (typeof path === 'string' && /[:*]/.test(path)) {
      throw new TypeError(
        `paymentWebhooks: paths.${provider} must not contain ':' or '*' (Fastify route syntax); got ${JSON.stringify(path)}`,
      );
    }
  }
  const config = resolveAdapterOptions(options, 'paymentWebhooks'); // validates everything else, then registers `on`
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null)); // the handler reads request.raw itself
  app.decorateRequest('paywire', null);
  const taken = new Set(config.routes.filter((r) => r.configured).map((r) => r.path));
  for (const route of config.routes) {
    if (!route.configured && taken.has(route.path)) continue; // a configured provider's custom path wins
    app.route(webhookRoute(config, route, route.path));
    app.route(webhookRoute(config, route, `${route.path}/*`));
  }
}
