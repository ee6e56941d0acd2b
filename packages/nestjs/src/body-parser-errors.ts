import type { ServerResponse } from 'node:http';
import { PaywireError, type Paywire, type PaywireErrorCode } from '@paywire/core';
import type { WebhookHttpRequest } from './payments-webhook.middleware.js';

/** What body-parser (Nest's Express body parsing) attaches to the errors it passes on. */
interface BodyParserError {
  type: string;
  status?: number;
  body?: unknown;
}

const CODES: Record<string, PaywireErrorCode> = {
  'entity.too.large': 'ERR_BODY_TOO_LARGE',
  'encoding.unsupported': 'ERR_UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'ERR_UNSUPPORTED_MEDIA_TYPE',
};

function isBodyParserError(err: unknown): err is BodyParserError {
  return typeof err === 'object' && err !== null && typeof (err as BodyParserError).type === 'string' && typeof (err as BodyParserError).status === 'number';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * An Express error handler for the webhook routes: when Nest's body parser refuses a delivery (malformed JSON,
 * too large, unknown charset) before the webhook middleware runs, it answers with paywire's own mapping instead
 * of letting Nest's exception filters (and any app-wide `APP_FILTER`) answer. Malformed JSON goes through
 * `paywire.webhooks.handle()` with the text body-parser kept; the rest become a `PaywireError` reply.
 * Any other error, or another route, goes on to Nest. Internal; `PaymentsModule` registers it.
 *
 * @example
 * ```ts
 * expressApp.use(webhookBodyErrorHandler(paywire, 'payments/webhooks'))
 * ```
 */
export function webhookBodyErrorHandler(paywire: Paywire, path: string) {
  const pattern = new RegExp(path === '' ? '^/([^/]+)(/.*)?$' : `(?:^|/)${escapeRegExp(path)}/([^/]+)(/.*)?$`);
  return async (err: unknown, req: WebhookHttpRequest, res: ServerResponse, next: (err?: unknown) => void): Promise<void> => {
    const url = (req.originalUrl ?? req.url ?? '').split('?')[0] ?? '';
    const match = req.method === 'POST' && isBodyParserError(err) ? pattern.exec(url) : null;
    if (!match || !isBodyParserError(err) || res.headersSent) return next(err);
    try {
      const provider = decodeURIComponent(match[1] ?? '');
      const reply =
        err.type === 'entity.parse.failed' && typeof err.body === 'string'
          ? await paywire.webhooks.handle({ provider, rawBody: err.body, headers: req.headers })
          : paywire.isConfigured(provider)
            ? replyFor(new PaywireError(CODES[err.type] ?? 'ERR_PAYLOAD_INVALID', `the body could not be read (${err.type})`, { provider }))
            : await paywire.webhooks.handle({ provider, rawBody: '' });
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    } catch (error) {
      next(error);
    }
  };
}

function replyFor(err: PaywireError): { status: number; headers: Record<string, string>; body: string } {
  const body = JSON.stringify({ error: { code: err.code, message: err.message } });
  return { status: err.httpStatus, headers: { 'content-type': 'application/json; charset=utf-8' }, body };
}
