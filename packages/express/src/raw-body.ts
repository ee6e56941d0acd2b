import type { IncomingMessage, ServerResponse } from 'node:http';
import { PaywireError } from '@paywire/core';

/** A request as the router sees it: Node's message plus what body parsers may have left on it. */
export type BodyCarrier = IncomingMessage & { body?: unknown; rawBody?: unknown; _body?: unknown };

/**
 * A `verify` hook for `express.json()` that keeps the exact body bytes on `req.rawBody`, so paywire
 * verifies the bytes the provider sent even when the app parses JSON globally.
 *
 * @example
 * ```ts
 * app.use(express.json({ verify: rawBodySaver }))
 * app.use('/webhooks', paymentWebhooks({ paywire }))
 * ```
 */
export function rawBodySaver(req: IncomingMessage, _res: ServerResponse, buf: Buffer): void {
  (req as BodyCarrier).rawBody = buf;
}

/** What the router hands to `paywire.webhooks.handle` as the body. */
export type BodySource = { rawBody: Buffer | string } | { body: unknown };

/** True when an earlier middleware has already read the request stream. */
export function bodyConsumed(req: BodyCarrier): boolean {
  return req._body === true || req.readableEnded || (req.complete && !req.readable);
}

/**
 * Checks `Content-Type` (and `Content-Encoding`) before the body is read.
 * @throws PaywireError `ERR_UNSUPPORTED_MEDIA_TYPE` (415) for a media type not accepted, a charset other than
 *   UTF-8, or a compressed body.
 */
export function assertMediaType(req: IncomingMessage, accepted: readonly RegExp[]): void {
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw new PaywireError('ERR_UNSUPPORTED_MEDIA_TYPE', `content-encoding "${encoding.slice(0, 40)}" is not accepted on webhook routes`);
  }
  const header = req.headers['content-type'];
  if (header === undefined || header.trim() === '') return;
  const [type = '', ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (!accepted.some((pattern) => pattern.test(type))) {
    throw new PaywireError('ERR_UNSUPPORTED_MEDIA_TYPE', `content-type "${type.slice(0, 80)}" is not one a payment provider sends; expected JSON`);
  }
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/^"|"$/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
    throw new PaywireError('ERR_UNSUPPORTED_MEDIA_TYPE', `charset "${charset.slice(0, 40)}" is not accepted; expected utf-8`);
  }
}

function tooLarge(limit: number): PaywireError {
  return new PaywireError('ERR_BODY_TOO_LARGE', `the body is larger than the limit of ${limit} bytes`);
}

/**
 * Reads the whole request body, stopping as soon as it passes `limit`.
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
 * Finds the body: the stream read here when nobody read it, else what an earlier parser left — exact bytes
 * on `req.rawBody` (from {@link rawBodySaver}), text or bytes on `req.body` (`express.text()`/`express.raw()`),
 * or a parsed `req.body` object that paywire re-serializes.
 * @throws PaywireError `ERR_BODY_ALREADY_PARSED` (500: the app's middleware order is wrong) when the stream
 *   was consumed and nothing usable was left; errors of {@link readBody}.
 */
export async function requestBody(req: BodyCarrier, limit: number): Promise<BodySource> {
  if (!bodyConsumed(req)) return { rawBody: await readBody(req, limit) };
  if (Buffer.isBuffer(req.rawBody) || typeof req.rawBody === 'string') return { rawBody: req.rawBody };
  if (Buffer.isBuffer(req.body) || typeof req.body === 'string') return { rawBody: req.body };
  if (req.body !== null && typeof req.body === 'object') return { body: req.body };
  throw new PaywireError(
    'ERR_BODY_ALREADY_PARSED',
    'an earlier middleware read the request body but left neither req.body nor req.rawBody; mount paymentWebhooks() before it, or use express.json({ verify: rawBodySaver })',
    { httpStatus: 500 },
  );
}
