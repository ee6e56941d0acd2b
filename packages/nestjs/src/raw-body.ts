import type { IncomingMessage } from 'node:http';
import { PaywireError } from '@paywire/core';

/** The request as Express and Nest leave it. Internal. */
export interface WebhookHttpRequest extends IncomingMessage {
  /** Set by Nest when the app was created with `{ rawBody: true }`. */
  rawBody?: Buffer;
  /** Set by a body parser. */
  body?: unknown;
  /** Set by body-parser once it has read the stream. */
  _body?: unknown;
}

/** What the endpoint hands to `paywire.webhooks.handle` as the body. */
export type BodySource = { rawBody: Buffer | string } | { body: unknown };

/** Media types a payment provider sends (the Express router's default list); no `Content-Type` is accepted too. */
const ACCEPTED_MEDIA_TYPES: readonly RegExp[] = [/^application\/json$/, /^application\/[^/]+\+json$/, /^text\/plain$/];

function unsupported(message: string): PaywireError {
  return new PaywireError('ERR_UNSUPPORTED_MEDIA_TYPE', message);
}

/**
 * Checks `Content-Type` and `Content-Encoding` before the body is used. Internal.
 *
 * @example
 * ```ts
 * assertMediaType(req) // throws for text/xml, charset=latin1, content-encoding: gzip
 * ```
 * @throws PaywireError `ERR_UNSUPPORTED_MEDIA_TYPE` (415) for a media type other than application/json,
 *   application/*+json or text/plain, a charset other than UTF-8, or a compressed body.
 */
export function assertMediaType(req: IncomingMessage): void {
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') throw unsupported(`content-encoding "${encoding.slice(0, 40)}" is not accepted on webhook routes`);
  const header = req.headers['content-type'];
  if (header === undefined || header.trim() === '') return;
  const [type = '', ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (!ACCEPTED_MEDIA_TYPES.some((pattern) => pattern.test(type))) {
    throw unsupported(`content-type "${type.slice(0, 80)}" is not one a payment provider sends; expected JSON`);
  }
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/^"|"$/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
    throw unsupported(`charset "${charset.slice(0, 40)}" is not accepted; expected utf-8`);
  }
}

/** The 413 error for a body over `limit` bytes. Internal. */
export function tooLarge(limit: number): PaywireError {
  return new PaywireError('ERR_BODY_TOO_LARGE', `the body is larger than the limit of ${limit} bytes`);
}

/**
 * Reads the request body, refusing it from `Content-Length` before reading and stopping as soon as it passes
 * `limit` (the rest is never buffered; the reply closes the connection). Internal.
 *
 * @example
 * ```ts
 * const bytes = await readBody(req, 1024 * 1024)
 * ```
 * @throws PaywireError `ERR_BODY_TOO_LARGE` (413); `ERR_PAYLOAD_INVALID` (400) when the client aborted.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
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
      fail(new PaywireError('ERR_PAYLOAD_INVALID', 'the request was aborted while its body was read'));
    }
    function onClose(): void {
      if (!req.readableEnded) onError();
    }
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/**
 * Finds the body: `req.rawBody` (Nest's `{ rawBody: true }`), else the stream read here when no parser read it
 * (text/plain, or `{ bodyParser: false }`), else the parsed `req.body` that paywire re-serializes. Internal.
 *
 * @example
 * ```ts
 * const body = await requestBody(req, limit) // { rawBody } | { body }
 * ```
 * @throws PaywireError errors of {@link readBody}.
 */
export async function requestBody(req: WebhookHttpRequest, limit: number): Promise<BodySource> {
  if (Buffer.isBuffer(req.rawBody)) return { rawBody: req.rawBody };
  const consumed = req._body === true || req.readableEnded || (req.complete && !req.readable);
  if (!consumed) return { rawBody: await readBody(req, limit) };
  if (Buffer.isBuffer(req.body) || typeof req.body === 'string') return { rawBody: req.body };
  if (req.body !== null && typeof req.body === 'object') return { body: req.body };
  return { rawBody: '' };
}
