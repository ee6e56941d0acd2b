import type { ServerResponse } from 'node:http';
import type { PaywireError, PaymentEvent, ProviderName, UnknownProviderEvent, WebhookOutcome, WebhookReply } from '@paywire/core';

/** What the router leaves on `req.paywire` for the delivery it answered. */
export interface PaywireRequestState {
  /** The provider whose route matched. */
  provider: ProviderName;
  /** The verified events of this delivery (empty when rejected). */
  events: PaymentEvent[];
  /** Verified provider events with no normalized mapping. */
  unknown: UnknownProviderEvent[];
  /** How the delivery ended. */
  outcome: WebhookOutcome;
  /** The exact answer (status, headers, body) the provider gets, written by the router unless `respond: false`. */
  reply: WebhookReply;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `paymentWebhooks()` on the requests it handled: the events and the reply. */
      paywire?: PaywireRequestState;
      /** The exact body bytes, when `express.json({ verify: rawBodySaver })` saved them. */
      rawBody?: Buffer;
    }
  }
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** The reply for a request the router refused itself (405, 413, 415, aborted body). Internal. */
export function rejection(err: PaywireError, extraHeaders: Record<string, string> = {}): WebhookReply {
  const error = { code: err.code, message: err.message };
  return {
    status: err.httpStatus,
    headers: { ...JSON_HEADERS, ...extraHeaders },
    body: JSON.stringify({ error }),
    outcome: 'rejected',
    events: [],
    unknown: [],
    error,
  };
}

/**
 * Writes a paywire reply exactly: its status, its headers (plus `Content-Length`), its body — with Node's
 * own response methods, so no framework adds an ETag or changes the content type.
 *
 * @example
 * ```ts
 * app.use('/webhooks', paymentWebhooks({ paywire, respond: false }), (req, res) => {
 *   audit(req.paywire!.events)
 *   sendReply(res, req.paywire!.reply)
 * })
 * ```
 * @throws TypeError when `reply` has no numeric status or no string body.
 */
export function sendReply(res: ServerResponse, reply: Pick<WebhookReply, 'status' | 'headers' | 'body'>): void {
  if (typeof reply?.status !== 'number' || typeof reply.body !== 'string') throw new TypeError('sendReply: reply must be { status, headers, body } from paywire');
  res.statusCode = reply.status;
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.setHeader('content-length', Buffer.byteLength(reply.body));
  res.end(reply.body);
}
