import type { IncomingMessage } from 'node:http';
import { isPaywireError } from '../errors.js';
import { DEFAULT_MAX_BODY_BYTES, webhookError, webhookErrorReply } from './http-reply.js';
import { WEBHOOK_MEDIA_TYPES, mediaTypeRefusal, readWebhookBody } from './node-request.js';
import type { WebhookReply, WebhookRequest } from './types.js';

/** What the shared request path needs of a paywire instance (a `Paywire` is one). */
export interface WebhookHost {
  isConfigured(provider: string): boolean;
  readonly webhooks: { handle(request: WebhookRequest): Promise<WebhookReply> };
}

/** A Node request as frameworks leave it: the message plus what a body parser may have put on it. */
export interface NodeWebhookRequest extends IncomingMessage {
  /** Exact body bytes saved by a parser (Nest's `{ rawBody: true }`, Express's `rawBodySaver`). */
  rawBody?: unknown;
  /** What a body parser left: text, bytes or a parsed object. */
  body?: unknown;
  /** Set by body-parser once it has read the stream. */
  _body?: unknown;
}

/** Where a matched webhook request goes: the provider of its route, the rest of the path and the query. */
export interface NodeWebhookTarget {
  /** The provider whose route matched (a supported but unconfigured one answers 404). */
  provider: string;
  /** The path after the provider's route, e.g. `/<token>` for Paylican path tokens. @default '' */
  path?: string;
  /** The raw query string (without `?`). @default '' */
  query?: string;
}

/** Settings of {@link handleNodeWebhook}, resolved once by the adapter. */
export interface NodeWebhookSettings {
  /** Largest body read from the stream, in bytes. @default 1048576 (1 MiB) */
  limit?: number;
  /** Accepted media types. @default {@link WEBHOOK_MEDIA_TYPES} */
  contentTypes?: readonly RegExp[];
  /** Appended to the `ERR_BODY_ALREADY_PARSED` message: how to fix it in this framework. @default '' */
  bodyConsumedHint?: string;
}

/** The 405 of a method other than POST on a webhook route. */
function methodNotAllowed(method: string | undefined): WebhookReply {
  const message = `${String(method).slice(0, 20)} is not allowed on a webhook route; providers POST`;
  return webhookErrorReply(webhookError('ERR_METHOD_NOT_ALLOWED', message), { allow: 'POST' });
}

/**
 * {@link webhookPreflight} without a promise of its own: the refusal, the pending 404 of an unconfigured provider,
 * or `undefined` when the request may go on (the usual case, answered synchronously). Internal: the Node request
 * path and the fetch handler.
 *
 * @example
 * ```ts
 * import { webhookRefusal } from './node-endpoint.js'
 * import { WEBHOOK_MEDIA_TYPES } from './node-request.js'
 * const refusal = webhookRefusal(paywire, 'waylet', { method: 'GET', headers: {} }, WEBHOOK_MEDIA_TYPES) // 405
 * ```
 */
export function webhookRefusal(
  host: WebhookHost,
  provider: string,
  req: { method?: string | undefined; headers: Record<string, string | string[] | undefined> },
  contentTypes: readonly RegExp[],
): WebhookReply | Promise<WebhookReply> | undefined {
  if (!host.isConfigured(provider)) return host.webhooks.handle({ provider });
  if (req.method !== 'POST') return methodNotAllowed(req.method);
  const refusal = mediaTypeRefusal(req.headers, contentTypes);
  return refusal === undefined ? undefined : webhookErrorReply(webhookError('ERR_UNSUPPORTED_MEDIA_TYPE', refusal));
}

/**
 * The checks made before the body is used, in this order: a supported but unconfigured provider → paywire's 404;
 * a method other than POST → 405 with `Allow: POST`; a media type or encoding no provider sends → 415. Returns the
 * refusal, or `undefined` when the request may go on. For adapters (the fetch handler uses it too).
 *
 * @example
 * ```ts
 * import { webhookPreflight } from '@paywire/core'
 * const refusal = await webhookPreflight(paywire, 'waylet', { method: req.method, headers: req.headers })
 * ```
 * @throws whatever `paywire.webhooks.handle` throws for a server fault.
 */
export async function webhookPreflight(
  host: WebhookHost,
  provider: string,
  req: { method?: string | undefined; headers: Record<string, string | string[] | undefined> },
  contentTypes: readonly RegExp[] = WEBHOOK_MEDIA_TYPES,
): Promise<WebhookReply | undefined> {
  return webhookRefusal(host, provider, req, contentTypes);
}

/** True when an earlier parser or middleware has already read the request stream. */
export function bodyConsumed(req: NodeWebhookRequest): boolean {
  return req._body === true || req.readableEnded || (req.complete && !req.readable);
}

/** What a parser left instead of the stream (`undefined`: nobody read it, read it now). */
function bodyLeft(req: NodeWebhookRequest, hint: string): { rawBody: Buffer | string } | { body: unknown } | undefined {
  const { rawBody } = req;
  if (Buffer.isBuffer(rawBody) || typeof rawBody === 'string') return { rawBody };
  if (!bodyConsumed(req)) return undefined;
  const { body } = req;
  if (Buffer.isBuffer(body) || typeof body === 'string') return { rawBody: body };
  if (body !== null && typeof body === 'object') return { body };
  const message = `an earlier middleware read the request body but left neither req.body nor req.rawBody${hint ? `; ${hint}` : ''}`;
  throw webhookError('ERR_BODY_ALREADY_PARSED', message, { httpStatus: 500 });
}

/**
 * Finds the body: exact bytes a parser saved (`req.rawBody`), else the stream read here up to `limit` when nobody
 * read it, else what an earlier parser left on `req.body` — text or bytes, or a parsed object paywire re-serializes.
 *
 * @example
 * ```ts
 * import { webhookBody } from '@paywire/core'
 * const body = await webhookBody(req, 1024 * 1024) // { rawBody } | { body }
 * ```
 * @throws PaywireError `ERR_BODY_ALREADY_PARSED` (500: the app's middleware order is wrong, the provider retries)
 *   when the stream was consumed and nothing usable was left; the errors of {@link readWebhookBody}.
 */
export async function webhookBody(
  req: NodeWebhookRequest,
  limit: number,
  hint = '',
): Promise<{ rawBody: Buffer | string } | { body: unknown }> {
  return bodyLeft(req, hint) ?? { rawBody: await readWebhookBody(req, limit) };
}

/** The delivery handed to `paywire.webhooks.handle()`: one object, built once. */
function delivery(
  req: NodeWebhookRequest,
  target: NodeWebhookTarget,
  rawBody: Buffer | string | undefined,
  body?: unknown,
): WebhookRequest {
  const request: WebhookRequest = {
    provider: target.provider,
    rawBody,
    body,
    headers: req.headers,
    query: target.query ?? '',
    path: target.path ?? '',
  };
  const remoteAddress = req.socket?.remoteAddress;
  if (remoteAddress !== undefined) request.remoteAddress = remoteAddress;
  return request;
}

/** A client mistake found while reading the body becomes its reply; a server fault stays an error. */
function clientRefusal(err: unknown): WebhookReply {
  if (isPaywireError(err) && err.httpStatus < 500) return webhookErrorReply(err);
  throw err;
}

/**
 * The framework-independent Node request path every adapter calls once its router matched a provider's route:
 * preflight (404, 405, 415), the body (413, 400 for an aborted upload), then `paywire.webhooks.handle()`. Client
 * mistakes come back as replies; server faults (a failing store, a body consumed with nothing left) are thrown
 * for the framework's error handling, so the provider gets a 5xx and retries. The usual request (a POST of JSON)
 * costs one body read and one `handle()` call: no promise of its own, no intermediate objects.
 *
 * @example
 * ```ts
 * import { handleNodeWebhook, writeWebhookReply } from '@paywire/core'
 * const reply = await handleNodeWebhook(paywire, req, { provider: 'waylet', query: 'x=1' })
 * writeWebhookReply(res, reply)
 * ```
 * @throws PaywireError `ERR_BODY_ALREADY_PARSED` (500); any server fault of `paywire.webhooks.handle` (as a
 *   rejection, never synchronously).
 */
export function handleNodeWebhook(
  host: WebhookHost,
  req: NodeWebhookRequest,
  target: NodeWebhookTarget,
  settings: NodeWebhookSettings = {},
): Promise<WebhookReply> {
  try {
    const refusal = webhookRefusal(host, target.provider, req, settings.contentTypes ?? WEBHOOK_MEDIA_TYPES);
    if (refusal !== undefined) return Promise.resolve(refusal);
    const left = bodyLeft(req, settings.bodyConsumedHint ?? '');
    if (left === undefined) {
      return readWebhookBody(req, settings.limit ?? DEFAULT_MAX_BODY_BYTES).then(
        (rawBody) => host.webhooks.handle(delivery(req, target, rawBody)),
        clientRefusal,
      );
    }
    return host.webhooks.handle(
      'rawBody' in left ? delivery(req, target, left.rawBody) : delivery(req, target, undefined, left.body),
    );
  } catch (err) {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what was thrown, as is
    return Promise.reject(err);
  }
}
