import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { PaywireError } from '../errors.js';
import { paywireError } from '../errors.js';

/**
 * The media types payment providers send webhooks with (a request with no `Content-Type` is accepted too).
 * Adapters refuse anything else with 415 before reading the body.
 */
export const WEBHOOK_MEDIA_TYPES: readonly RegExp[] = [
  /^application\/json$/,
  /^application\/[^/]+\+json$/,
  /^text\/plain$/,
];

function unsupported(message: string): PaywireError {
  return paywireError('ERR_UNSUPPORTED_MEDIA_TYPE', message);
}

/**
 * Checks a webhook request's `Content-Type` and `Content-Encoding` before its body is read. For adapters (the
 * Express and NestJS packages use it; so can a Fastify, Koa or bare `node:http` one).
 *
 * @example
 * ```ts
 * import { assertWebhookMediaType } from '@paywire/core'
 * assertWebhookMediaType(req.headers) // throws for text/xml, charset=latin1, content-encoding: gzip
 * ```
 * @throws PaywireError `ERR_UNSUPPORTED_MEDIA_TYPE` (415) for a media type not in `accepted`, a charset other
 *   than UTF-8, or a compressed body.
 */
export function assertWebhookMediaType(
  headers: IncomingHttpHeaders,
  accepted: readonly RegExp[] = WEBHOOK_MEDIA_TYPES,
): void {
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity')
    throw unsupported(`content-encoding "${encoding.slice(0, 40)}" is not accepted on webhook routes`);
  const header = headers['content-type'];
  if (header === undefined || header.trim() === '') return;
  const [type = '', ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (!accepted.some((pattern) => pattern.test(type))) {
    throw unsupported(`content-type "${type.slice(0, 80)}" is not one a payment provider sends; expected JSON`);
  }
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice(8)
    .replace(/^"|"$/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
    throw unsupported(`charset "${charset.slice(0, 40)}" is not accepted; expected utf-8`);
  }
}

function tooLarge(limit: number): PaywireError {
  return paywireError('ERR_BODY_TOO_LARGE', `the body is larger than the limit of ${limit} bytes`);
}

/**
 * Reads a webhook request's body, refusing it from `Content-Length` before reading and stopping as soon as it
 * passes `limit` (the rest is never buffered: answer with `connection: close`). For adapters.
 *
 * @example
 * ```ts
 * import { readWebhookBody } from '@paywire/core'
 * const rawBody = await readWebhookBody(req, 1024 * 1024)
 * const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody, headers: req.headers })
 * ```
 * @throws PaywireError `ERR_BODY_TOO_LARGE` (413); `ERR_PAYLOAD_INVALID` (400) when the client aborted.
 */
export function readWebhookBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const fail = (err: PaywireError): void => {
      cleanup();
      req.pause();
      reject(err);
    };
    function onData(chunk: Buffer): void {
      size += chunk.length;
      if (size > limit) fail(tooLarge(limit));
      else chunks.push(chunk);
    }
    function onEnd(): void {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    }
    function onError(): void {
      fail(paywireError('ERR_PAYLOAD_INVALID', 'the request was aborted while its body was read'));
    }
    function onClose(): void {
      if (!req.readableEnded) onError();
    }
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
