import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { Paywire, WebhookRequest } from '@paywire/core';
import { PAYWIRE } from './payments.constants.js';
import { readUnparsedBody } from './raw-body.js';

/** The request as Express and Nest leave it. */
export interface WebhookHttpRequest extends IncomingMessage {
  /** Set by Nest when the app was created with `{ rawBody: true }`. */
  rawBody?: Buffer;
  /** Set by a body parser. */
  body?: unknown;
  /** Route parameters: `provider`, and `rest` (the segments after it) when present. */
  params?: Record<string, string | string[] | undefined>;
  /** Express's own URL before any mount point was stripped. */
  originalUrl?: string;
}

function restOf(rest: string | string[] | undefined): string {
  if (rest === undefined || rest.length === 0) return '';
  return `/${Array.isArray(rest) ? rest.join('/') : rest}`;
}

/**
 * The webhook endpoint: hands the delivery to `paywire.webhooks.handle()` and writes its reply exactly (status,
 * headers, body) on the Node response. Mounted by `PaymentsModule` at `POST <path>/:provider{/*rest}`.
 *
 * It is a middleware on purpose: guards, interceptors, pipes and exception filters (including app-wide
 * `APP_GUARD` / `APP_FILTER`) do not run around it, so an app's auth guard cannot refuse a provider's callback
 * and no filter can rewrite the acknowledgement the provider expects. Deliveries authenticate by signature.
 *
 * Body: `req.rawBody` when the app was created with `{ rawBody: true }`; else the bytes themselves when no
 * parser read them; else the parsed `req.body` (paywire re-serializes it).
 *
 * @example
 * ```ts
 * // mounted for you; to mount it yourself in a module that imports PaymentsModule:
 * consumer.apply(PaymentsWebhookMiddleware).forRoutes({ path: 'hooks/:provider', method: RequestMethod.POST })
 * ```
 */
@Injectable()
export class PaymentsWebhookMiddleware implements NestMiddleware<WebhookHttpRequest, ServerResponse> {
  constructor(@Inject(PAYWIRE) private readonly paywire: Paywire) {}

  /** Handles one delivery; errors that are paywire bugs go to `next` (Nest answers 500 and logs them). */
  async use(req: WebhookHttpRequest, res: ServerResponse, next: (error?: unknown) => void): Promise<void> {
    try {
      const url = req.originalUrl ?? req.url ?? '';
      const queryAt = url.indexOf('?');
      const request: WebhookRequest = {
        provider: String(req.params?.['provider'] ?? ''),
        headers: req.headers,
        query: queryAt === -1 ? '' : url.slice(queryAt + 1),
        path: restOf(req.params?.['rest']),
        ...(req.socket.remoteAddress !== undefined ? { remoteAddress: req.socket.remoteAddress } : {}),
      };
      if (req.rawBody !== undefined) request.rawBody = req.rawBody;
      else if (req.body === undefined) request.rawBody = await readUnparsedBody(req);
      else request.body = req.body;
      const reply = await this.paywire.webhooks.handle(request);
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    } catch (error) {
      next(error);
    }
  }
}
