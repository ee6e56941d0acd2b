import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A `verify` hook for `express.json()` that keeps the exact body bytes on `req.rawBody`, so paywire
 * verifies the bytes the provider sent even when the app parses JSON globally.
 *
 * @example
 * ```ts
 * import express from 'express'
 * import { rawBodySaver, paymentWebhooks } from '@paywire/express'
 * app.use(express.json({ verify: rawBodySaver }))
 * app.use('/webhooks', paymentWebhooks({ paywire }))
 * ```
 */
export function rawBodySaver(req: IncomingMessage, _res: ServerResponse, buf: Buffer): void {
  (req as IncomingMessage & { rawBody?: Buffer }).rawBody = buf;
}
