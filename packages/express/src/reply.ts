import type { ServerResponse } from 'node:http';
import { writeWebhookReply, type PaywireRequestState, type WebhookReply } from '@paywire/core';

export type { PaywireRequestState } from '@paywire/core';

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
 * import { paymentWebhooks, sendReply } from '@paywire/express'
 * declare function audit(events: readonly unknown[]): void
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
