import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  handleNodeWebhook,
  requestState,
  writeWebhookReply,
  type NodeWebhookRequest,
  type NodeWebhookSettings,
  type PaywireRequestState,
} from '@paywire/core';
import { resolveOptions, type PaymentWebhooksOptions, type ResolvedRoute } from './options.js';

/** The middleware {@link paymentWebhooks} returns: `(req, res, next)`, mountable with `app.use` on Express 4 and 5. */
export interface PaymentWebhooksMiddleware {
  (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void;
}

type WebhookRequestLike = NodeWebhookRequest & { paywire?: PaywireRequestState };

const BODY_CONSUMED_HINT = 'mount paymentWebhooks() before it, or use express.json({ verify: rawBodySaver })';

/** A route with its `path + '/'` made once (matching allocates nothing). */
interface MatchableRoute {
  route: ResolvedRoute;
  path: string;
  withSlash: string;
}

/** Finds the route of `pathname` (`/paylican/tok` → `/paylican`, whose rest is `/tok`). */
function matchRoute(routes: readonly MatchableRoute[], pathname: string): MatchableRoute | undefined {
  for (let i = 0; i < routes.length; i++) {
    const candidate = routes[i]!;
    if (pathname === candidate.path || pathname.startsWith(candidate.withSlash)) return candidate;
  }
  return undefined;
}

/**
 * Creates the middleware that answers payment webhooks for every configured provider: `POST /<provider>`
 * (and `/<provider>/<rest>`, whose rest reaches the provider as `path`, e.g. a Paylican path token).
 * It reads the raw body itself on those routes only; if an earlier parser consumed it, it uses
 * `req.rawBody` ({@link rawBodySaver}) or the parsed `req.body`. Other methods on a webhook route get 405,
 * a non-JSON content type 415, a body over `limit` 413, a route of a supported but unconfigured provider
 * 404; every other path goes to `next()`. Client mistakes are answered with
 * `{ "error": { "code", "message" } }`; only server faults (a failing store, a paywire bug) reach `next(err)`.
 * After answering, `req.paywire` holds the events and the reply; the router does not call `next()`
 * (unless `respond: false`).
 *
 * It imports nothing from `express` at run time, so it works with whichever Express (4 or 5) the app uses.
 *
 * @example
 * ```ts
 * import express from 'express'
 * import { paymentWebhooks } from '@paywire/express'
 * const app = express()
 * app.use('/webhooks', paymentWebhooks({ paywire, on: { 'payment.paid': (e) => orders.markPaid(e.paymentId) } }))
 * ```
 * @throws TypeError when the options are wrong (no paywire, unknown event type, a path for an unconfigured
 *   provider, a bad limit): at the call, never on a request.
 */
export function paymentWebhooks(options: PaymentWebhooksOptions): PaymentWebhooksMiddleware {
  const config = resolveOptions(options);
  const routes = config.routes.map((route): MatchableRoute => ({
    route,
    path: route.path,
    withSlash: `${route.path}/`,
  }));
  const settings: NodeWebhookSettings = {
    limit: config.limit,
    contentTypes: config.contentTypes,
    bodyConsumedHint: BODY_CONSUMED_HINT,
  };
  const { paywire, respond } = config;
  return function paymentWebhooksMiddleware(req, res, next): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    const match = matchRoute(routes, pathname);
    if (!match) return next();
    const request = req as WebhookRequestLike;
    const { provider } = match.route;
    // the rest after the route (`/tok`); a bare trailing slash is no rest
    const rest = pathname.length <= match.withSlash.length ? '' : pathname.slice(match.path.length);
    const target = { provider, path: rest, query: q < 0 ? '' : url.slice(q + 1) };
    handleNodeWebhook(paywire, request, target, settings).then((reply) => {
      request.paywire = requestState(provider, reply);
      if (!respond) return next();
      try {
        writeWebhookReply(res, reply);
      } catch (err) {
        next(err);
      }
    }, next);
  };
}
