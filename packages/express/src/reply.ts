import type { ServerResponse } from 'node:http';
import { writeWebhookReply, type PaymentEvent, type ProviderName, type UnknownProviderEvent, type WebhookOutcome, type WebhookReply } from '@paywire/core';

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
  writeWebhookReply(res, reply);
}
