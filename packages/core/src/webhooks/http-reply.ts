import type { ServerResponse } from 'node:http';
import { WebhookError, type PaywireError, type PaywireErrorOptions, type WebhookErrorCode } from '../errors.js';
import type { WebhookReply } from './types.js';

/** paywire's default largest webhook body: 1 MiB (`webhooks.maxBodyBytes` and every adapter's `limit`). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The headers of every JSON answer paywire writes itself. */
export const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'application/json; charset=utf-8',
});

/**
 * The error of a request refused by the shared request path (every code it uses is a webhook code). Internal: the
 * one place that constructs these errors for `node-endpoint.ts` and `fetch.ts`.
 *
 * @example
 * ```ts
 * import { webhookError } from './http-reply.js'
 * throw webhookError('ERR_BODY_TOO_LARGE', 'the body is larger than the limit of 1024 bytes')
 * ```
 */
export function webhookError(code: WebhookErrorCode, message: string, options?: PaywireErrorOptions): WebhookError {
  return new WebhookError(code, message, options);
}

/**
 * paywire's answer `{ "error": { "code", "message" } }` to a request refused before the pipeline ran (400, 404,
 * 405, 413, 415): the same status, headers and body in every adapter. A 413 carries `connection: close` (the
 * rest of the body is never read). For adapters.
 *
 * @example
 * ```ts
 * import { webhookErrorReply } from '@paywire/core'
 * import { paywireError } from '../errors.js'
 * webhookErrorReply(paywireError('ERR_METHOD_NOT_ALLOWED', 'GET is not allowed'), { allow: 'POST' })
 * // { status: 405, headers: { 'content-type': 'application/json; charset=utf-8', allow: 'POST' },
 * //   outcome: 'rejected', … }
 * ```
 */
export function webhookErrorReply(
  err: PaywireError,
  extraHeaders: Readonly<Record<string, string>> = {},
): WebhookReply {
  const error = { code: err.code, message: err.message };
  const headers: Record<string, string> = { ...JSON_HEADERS, ...extraHeaders };
  if (err.code === 'ERR_BODY_TOO_LARGE') headers['connection'] = 'close';
  return {
    status: err.httpStatus,
    headers,
    body: JSON.stringify({ error }),
    outcome: 'rejected',
    events: [],
    unknown: [],
    error,
  };
}

/**
 * Writes a paywire reply exactly — its status, its headers plus `Content-Length`, its body — with Node's own
 * response methods (one `writeHead` and one `end`), so no framework adds an ETag or changes the content type.
 * Headers the app set before (`res.setHeader`) are kept unless the reply names them too. For adapters.
 *
 * @example
 * ```ts
 * import { writeWebhookReply } from '@paywire/core'
 * writeWebhookReply(res, await paywire.webhooks.handle({ provider: 'waylet', rawBody, headers: req.headers }))
 * ```
 * @throws TypeError when `reply` has no numeric status or no string body.
 */
export function writeWebhookReply(res: ServerResponse, reply: Pick<WebhookReply, 'status' | 'headers' | 'body'>): void {
  if (typeof reply?.status !== 'number' || typeof reply.body !== 'string')
    throw new TypeError('sendReply: reply must be { status, headers, body } from paywire');
  // A flat [name, value, …] list: Node writes it as it is when nothing was set before, else sets each in turn.
  const fields: (string | number)[] = [];
  const { headers } = reply;
  for (const name in headers) {
    if (name.length === 14 && name.toLowerCase() === 'content-length') continue; // ours is the body's
    fields.push(name, headers[name]!);
  }
  fields.push('content-length', Buffer.byteLength(reply.body));
  res.writeHead(reply.status, fields).end(reply.body);
}
