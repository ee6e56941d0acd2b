import type { ServerResponse } from 'node:http';
import {
  WebhookError,
  webhookErrorReply,
  webhookPreflight,
  writeWebhookReply,
  type NodeWebhookRequest,
  type Paywire,
  type WebhookErrorCode,
  type WebhookReply,
} from '@paywire/core';
import { malformedUrl, type WebhookEndpointSettings } from './webhook-endpoint.js';
import type { WebhookRoute } from './webhook-route.js';

/** What body-parser (and the zlib, iconv and raw-body errors it passes on) may carry. */
interface ClientError {
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
  body?: unknown;
}

const CODES: Record<string, WebhookErrorCode> = {
  'entity.too.large': 'ERR_BODY_TOO_LARGE',
  'encoding.unsupported': 'ERR_UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'ERR_UNSUPPORTED_MEDIA_TYPE',
};

/**
 * The 4xx status of a client error (`status` or `statusCode`, as body-parser and http-errors set them), else undefined.
 */
function clientStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, statusCode } = err as ClientError;
  const value = typeof status === 'number' ? status : statusCode;
  return typeof value === 'number' && value >= 400 && value < 500 ? value : undefined;
}

/**
 * paywire's answer to a body the parser refused: malformed JSON goes through `paywire.webhooks.handle()` with
 * the text body-parser kept (so a forged delivery still gets 401 first); a body over the parser's limit → 413;
 * an unsupported charset or encoding → 415; any other 4xx → 400 `ERR_PAYLOAD_INVALID`. Internal.
 *
 * @example
 * ```ts
 * import { bodyErrorReply } from './body-parser-errors.js'
 * declare const route: Parameters<typeof bodyErrorReply>[1]
 * await bodyErrorReply(paywire, route, req, { type: 'entity.too.large', status: 413 }) // 413 ERR_BODY_TOO_LARGE
 * ```
 */
export async function bodyErrorReply(
  paywire: Paywire,
  route: WebhookRoute,
  req: NodeWebhookRequest,
  err: ClientError,
): Promise<WebhookReply> {
  if (route.kind === 'malformed') return malformedUrl();
  const refusal = await webhookPreflight(paywire, route.provider, req);
  if (refusal) return refusal;
  const type = typeof err.type === 'string' ? err.type : undefined;
  if (type === 'entity.parse.failed' && typeof err.body === 'string') {
    return paywire.webhooks.handle({
      provider: route.provider,
      rawBody: err.body,
      headers: req.headers,
      query: route.query,
      path: route.rest,
    });
  }
  const reason = type ?? `status ${String(clientStatus(err))}`;
  return webhookErrorReply(
    new WebhookError(
      (type === undefined ? undefined : CODES[type]) ?? 'ERR_PAYLOAD_INVALID',
      `the body could not be read (${reason})`,
      { provider: route.provider },
    ),
  );
}

/**
 * An Express error handler placed right after the webhook endpoint (after Nest's body parsers, before its
 * exception filters): when Nest's body parser refuses a delivery to `<prefix>/<path>/<provider>` — malformed
 * JSON, too large, a corrupt or unsupported `Content-Encoding`, an unknown charset: any error with a 4xx
 * `status`/`statusCode` — it answers with paywire's JSON instead of letting Nest's exception filters (and any
 * app-wide `APP_FILTER`) answer. Errors on any other URL (the app's own routes), and server faults, go on to
 * Nest. Internal; `PaymentsModule` registers it.
 *
 * @example
 * ```ts
 * import { webhookBodyErrorHandler } from './body-parser-errors.js'
 * import { matchWebhookRoute } from './webhook-route.js'
 * import type { Express } from 'express'
 * declare const expressApp: Express
 * const limit = 1024 * 1024
 * expressApp.use(webhookBodyErrorHandler({ paywire, limit, route: (url) => matchWebhookRoute(url, '', 'webhooks') }))
 * ```
 */
export function webhookBodyErrorHandler(settings: WebhookEndpointSettings) {
  return (err: unknown, req: NodeWebhookRequest, res: ServerResponse, next: (err?: unknown) => void): void => {
    const route = clientStatus(err) === undefined || res.headersSent ? undefined : settings.route(req.url ?? '');
    if (!route) return next(err);
    bodyErrorReply(settings.paywire, route, req, err as ClientError).then(
      (reply) => writeWebhookReply(res, reply),
      next,
    );
  };
}
