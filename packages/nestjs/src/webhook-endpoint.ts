import type { ServerResponse } from 'node:http';
import {
  handleNodeWebhook,
  webhookErrorReply,
  writeWebhookReply,
  type NodeWebhookRequest,
  type NodeWebhookSettings,
  type Paywire,
  type WebhookReply,
  WebhookError,
} from '@paywire/core';
import type { WebhookRoute } from './webhook-route.js';

/** What the endpoint needs: the paywire instance, the route matcher and the body limit. Internal. */
export interface WebhookEndpointSettings {
  paywire: Paywire;
  /** Matches `req.url`; `undefined` when the URL is not the endpoint's (see `matchWebhookRoute`). */
  route(url: string): WebhookRoute | undefined;
  /** The paywire instance's `webhooks.maxBodyBytes`. */
  limit: number;
}

/** How to fix a body consumed with nothing left, in a Nest app (the `ERR_BODY_ALREADY_PARSED` message). Internal. */
export const BODY_CONSUMED_HINT =
  'a middleware read the webhook body before PaymentsModule; create the app with { rawBody: true } or keep that middleware off the webhook path';

/** The 400 for a provider segment that is not valid percent-encoding. Internal. */
export function malformedUrl(): WebhookReply {
  return webhookErrorReply(new WebhookError('ERR_PAYLOAD_INVALID', 'the webhook URL is not valid percent-encoding'));
}

/**
 * The webhook endpoint, an Express middleware that `PaymentsModule` places after Nest's body parsers and before
 * every Nest middleware, guard, interceptor, filter and route. For `<prefix>/<path>/<provider>[/<rest>]` it hands
 * the request to core's shared Node request path (`handleNodeWebhook`: 404, 405, 415, 413, then
 * `paywire.webhooks.handle()`) and writes the reply exactly; every other URL goes to `next()`, so the app's own
 * routes (even under the webhook path) run. Only server faults (a failing store, a body consumed with nothing
 * left) go to `next(err)`. Internal.
 *
 * Body: the bytes themselves, read up to `limit` (Nest's body parsers skip the endpoint's URLs: see
 * `leaveWebhookBodiesUnparsed`); when another middleware read them first, `req.rawBody` if it saved them, else the
 * parsed `req.body` (paywire re-serializes it).
 *
 * @example
 * ```ts
 * import { webhookEndpoint } from './webhook-endpoint.js'
 * import { matchWebhookRoute } from './webhook-route.js'
 * import type { Express } from 'express'
 * declare const expressApp: Express
 * expressApp.use(
 *   webhookEndpoint({ paywire, limit: 1024 * 1024, route: (url) => matchWebhookRoute(url, '', 'webhooks') }),
 * )
 * ```
 */
export function webhookEndpoint(settings: WebhookEndpointSettings) {
  const { paywire } = settings;
  const routeOf = (url: string) => settings.route(url);
  const nodeSettings: NodeWebhookSettings = { limit: settings.limit, bodyConsumedHint: BODY_CONSUMED_HINT };
  return (req: NodeWebhookRequest, res: ServerResponse, next: (error?: unknown) => void): void => {
    const route = routeOf(req.url ?? '');
    if (!route) return next();
    const answer =
      route.kind === 'malformed'
        ? Promise.resolve(malformedUrl())
        : handleNodeWebhook(
            paywire,
            req,
            { provider: route.provider, path: route.rest, query: route.query },
            nodeSettings,
          );
    answer.then((reply) => writeWebhookReply(res, reply), next);
  };
}
