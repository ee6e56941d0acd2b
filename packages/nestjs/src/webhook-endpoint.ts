import type { ServerResponse } from 'node:http';
import { PaywireError, assertWebhookMediaType, isPaywireError, type Paywire, WebhookError } from '@paywire/core';
import { requestBody, type WebhookHttpRequest } from './raw-body.js';
import { rejection, writeReply, type EndpointReply } from './reply.js';
import type { WebhookRoute } from './webhook-route.js';

/** What the endpoint needs: the paywire instance, the route matcher and the body limit. Internal. */
export interface WebhookEndpointSettings {
  paywire: Paywire;
  /** Matches `req.url`; `undefined` when the URL is not the endpoint's (see `matchWebhookRoute`). */
  route(url: string): WebhookRoute | undefined;
  /** The paywire instance's `webhooks.maxBodyBytes`. */
  limit: number;
}

type ProviderRoute = Extract<WebhookRoute, { kind: 'provider' }>;

/** The 400 for a provider segment that is not valid percent-encoding. Internal. */
export function malformedUrl(): EndpointReply {
  return rejection(new WebhookError('ERR_PAYLOAD_INVALID', 'the webhook URL is not valid percent-encoding'));
}

/**
 * The checks made before the body is used, in the Express router's order: a supported but unconfigured
 * provider → paywire's 404; another method than POST → 405 with `Allow: POST`; a media type or encoding no
 * provider sends → 415. `undefined` when the request may go on. Internal.
 *
 * @example
 * ```ts
 * const refusal = await preflight(paywire, route, req)
 * ```
 */
export async function preflight(paywire: Paywire, route: ProviderRoute, req: WebhookHttpRequest): Promise<EndpointReply | undefined> {
  if (!paywire.isConfigured(route.provider)) return paywire.webhooks.handle({ provider: route.provider });
  if (req.method !== 'POST') {
    return rejection(new WebhookError('ERR_METHOD_NOT_ALLOWED', `${String(req.method).slice(0, 20)} is not allowed on a webhook route; providers POST`), { allow: 'POST' });
  }
  try {
    assertWebhookMediaType(req.headers);
  } catch (err) {
    if (isPaywireError(err)) return rejection(err);
    throw err;
  }
  return undefined;
}

async function deliver(settings: WebhookEndpointSettings, route: ProviderRoute, req: WebhookHttpRequest): Promise<EndpointReply> {
  const refusal = await preflight(settings.paywire, route, req);
  if (refusal) return refusal;
  let body;
  try {
    body = await requestBody(req, settings.limit);
  } catch (err) {
    if (isPaywireError(err) && err.httpStatus < 500) return rejection(err);
    throw err;
  }
  return settings.paywire.webhooks.handle({
    provider: route.provider,
    ...body,
    headers: req.headers,
    query: route.query,
    path: route.rest,
    ...(req.socket.remoteAddress !== undefined ? { remoteAddress: req.socket.remoteAddress } : {}),
  });
}

/**
 * The webhook endpoint, an Express middleware that `PaymentsModule` places after Nest's body parsers and before
 * every Nest middleware, guard, interceptor, filter and route. For `<prefix>/<path>/<provider>[/<rest>]` it hands
 * the delivery to `paywire.webhooks.handle()` and writes the reply exactly; every other URL goes to `next()`,
 * so the app's own routes (even under the webhook path) run. Client mistakes (400, 404, 405, 413, 415) are
 * answered here with paywire's JSON; only server faults (a failing store) go to `next(err)`. Internal.
 *
 * Body: `req.rawBody` when the app was created with `{ rawBody: true }`; else the bytes themselves when no
 * parser read them (read up to `limit`); else the parsed `req.body` (paywire re-serializes it).
 *
 * @example
 * ```ts
 * expressApp.use(webhookEndpoint({ paywire, limit: 1024 * 1024, route: (url) => matchWebhookRoute(url, '', 'webhooks') }))
 * ```
 */
export function webhookEndpoint(settings: WebhookEndpointSettings) {
  return (req: WebhookHttpRequest, res: ServerResponse, next: (error?: unknown) => void): void => {
    const route = settings.route(req.url ?? '');
    if (!route) return next();
    const answer = route.kind === 'malformed' ? Promise.resolve(malformedUrl()) : deliver(settings, route, req);
    answer.then((reply) => writeReply(res, reply), next);
  };
}
