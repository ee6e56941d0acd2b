import type { IncomingMessage } from 'node:http';
import { readWebhookBody } from '@paywire/core';

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

/**
 * Finds the body: `req.rawBody` (Nest's `{ rawBody: true }`), else the stream read here when no parser read it
 * (text/plain, or `{ bodyParser: false }`), else the parsed `req.body` that paywire re-serializes. Internal.
 *
 * @example
 * ```ts
 * const body = await requestBody(req, limit) // { rawBody } | { body }
 * ```
 * @throws PaywireError errors of `readWebhookBody`.
 */
export async function requestBody(req: WebhookHttpRequest, limit: number): Promise<BodySource> {
  if (Buffer.isBuffer(req.rawBody)) return { rawBody: req.rawBody };
  const consumed = req._body === true || req.readableEnded || (req.complete && !req.readable);
  if (!consumed) return { rawBody: await readWebhookBody(req, limit) };
  if (Buffer.isBuffer(req.body) || typeof req.body === 'string') return { rawBody: req.body };
  if (req.body !== null && typeof req.body === 'object') return { body: req.body };
  return { rawBody: '' };
}
