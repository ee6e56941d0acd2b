import type { IncomingMessage, ServerResponse } from 'node:http';
import { PaywireError, readWebhookBody, WebhookError } from '@paywire/core';

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
 * Finds the body: the stream read here when nobody read it, else what an earlier parser left — exact bytes
 * on `req.rawBody` (from {@link rawBodySaver}), text or bytes on `req.body` (`express.text()`/`express.raw()`),
 * or a parsed `req.body` object that paywire re-serializes.
 * @throws PaywireError `ERR_BODY_ALREADY_PARSED` (500: the app's middleware order is wrong) when the stream
 *   was consumed and nothing usable was left; errors of `readWebhookBody`.
 */
export async function requestBody(req: BodyCarrier, limit: number): Promise<BodySource> {
  if (!bodyConsumed(req)) return { rawBody: await readWebhookBody(req, limit) };
  if (Buffer.isBuffer(req.rawBody) || typeof req.rawBody === 'string') return { rawBody: req.rawBody };
  if (Buffer.isBuffer(req.body) || typeof req.body === 'string') return { rawBody: req.body };
  if (req.body !== null && typeof req.body === 'object') return { body: req.body };
  throw new WebhookError(
    'ERR_BODY_ALREADY_PARSED',
    'an earlier middleware read the request body but left neither req.body nor req.rawBody; mount paymentWebhooks() before it, or use express.json({ verify: rawBodySaver })',
    { httpStatus: 500 },
  );
}
