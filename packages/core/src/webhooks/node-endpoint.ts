import type { IncomingMessage } from 'node:http';
import { isPaywireError } from '../errors.js';
import { DEFAULT_MAX_BODY_BYTES, webhookError, webhookErrorReply } from './http-reply.js';
import { WEBHOOK_MEDIA_TYPES, assertWebhookMediaType, readWebhookBody } from './node-request.js';
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
  if (!host.isConfigured(provider)) return host.webhooks.handle({ provider });
  if (req.method !== 'POST') {
    const message = `${String(req.method).slice(0, 20)} is not allowed on a webhook route; providers POST`;
    return webhookErrorReply(webhookError('ERR_METHOD_NOT_ALLOWED', message), { allow: 'POST' });
  }
  try {
    assertWebhookMediaType(req.headers, contentTypes);
  } catch (err) {
    if (isPaywireError(err)) return webhookErrorReply(err);
    throw err;
  }
  return undefined;
}

/** True when an earlier parser or middleware has already read the request stream. */
export function bodyConsumed(req: NodeWebhookRequest): boolean {
  return req._body === true || req.readableEnded || (req.complete && !req.readable);
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
  if (Buffer.isBuffer(req.rawBody) || typeof req.rawBody === 'string') return { rawBody: req.rawBody };
  if (!bodyConsumed(req)) return { rawBody: await readWebhookBody(req, limit) };
  if (Buffer.isBuffer(req.body) || typeof req.body === 'string') return { rawBody: req.body };
  if (req.body !== null && typeof req.body === 'object') return { body: req.body };
  const message = `an earlier middleware read the request body but left neither req.body nor req.rawBody${hint ? `; ${hint}` : ''}`;
  throw webhookError('ERR_BODY_ALREADY_PARSED', message, { httpStatus: 500 });
}

/**
 * The framework-independent Node request path every adapter calls once its router matched a provider's route:
 * preflight (404, 405, 415), the body (413, 400 for an aborted upload), then `paywire.webhooks.handle()`. Client
 * mistakes come back as replies; server faults (a failing store, a body consumed with nothing left) are thrown
 * for the framework's error handling, so the provider gets a 5xx and retries.
 *
 * @example
 * ```ts
 * import { handleNodeWebhook, writeWebhookReply } from '@paywire/core'
 * const reply = await handleNodeWebhook(paywire, req, { provider: 'waylet', query: 'x=1' })
 * writeWebhookReply(res, reply)
 * ```
 * @throws PaywireError `ERR_BODY_ALREADY_PARSED` (500); any server fault of `paywire.webhooks.handle`.
 */
export async function handleNodeWebhook(
  host: WebhookHost,
  req: NodeWebhookRequest,
  target: NodeWebhookTarget,
  settings: NodeWebhookSettings = {},
): Promise<WebhookReply> {
  const refusal = await webhookPreflight(host, target.provider, req, settings.contentTypes);
  if (refusal) return refusal;
  let body;
  try {
    body = await webhookBody(req, settings.limit ?? DEFAULT_MAX_BODY_BYTES, settings.bodyConsumedHint);
  } catch (err) {
    if (isPaywireError(err) && err.httpStatus < 500) return webhookErrorReply(err);
    throw err;
  }
  const remoteAddress = req.socket?.remoteAddress;
  return host.webhooks.handle({
    provider: target.provider,
    ...body,
    headers: req.headers,
    query: target.query ?? '',
    path: target.path ?? '',
    ...(remoteAddress !== undefined ? { remoteAddress } : {}),
  });
}
