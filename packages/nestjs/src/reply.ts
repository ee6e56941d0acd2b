import type { ServerResponse } from 'node:http';
import type { PaywireError } from '@paywire/core';

/** An answer the endpoint writes: paywire's reply, or one of the endpoint's own refusals. Internal. */
export interface EndpointReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * paywire's JSON answer `{ "error": { "code", "message" } }` for a request the endpoint refused itself
 * (400, 404, 405, 413, 415), with the same headers as the pipeline's own refusals. Internal.
 *
 * @example
 * ```ts
 * rejection(new WebhookError('ERR_METHOD_NOT_ALLOWED', 'GET is not allowed'), { allow: 'POST' })
 * ```
 */
export function rejection(err: PaywireError, extraHeaders: Record<string, string> = {}): EndpointReply {
  const body = JSON.stringify({ error: { code: err.code, message: err.message } });
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...extraHeaders };
  if (err.code === 'ERR_BODY_TOO_LARGE') headers['connection'] = 'close';
  return { status: err.httpStatus, headers, body };
}

/**
 * Writes a reply exactly (status, headers, body) with Node's own response methods, so no framework adds an
 * ETag or changes the content type. Internal.
 *
 * @example
 * ```ts
 * writeReply(res, await paywire.webhooks.handle(request))
 * ```
 */
export function writeReply(res: ServerResponse, reply: EndpointReply): void {
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
}
