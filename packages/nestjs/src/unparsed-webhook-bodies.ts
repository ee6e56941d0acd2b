import type { IncomingMessage, ServerResponse } from 'node:http';

/** An Express middleware as a router layer holds it. */
type Handle = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => unknown;

/** The body parsers `@nestjs/platform-express` adds (and recognises: `isMiddlewareApplied`), by function name. */
const NEST_BODY_PARSERS: ReadonlySet<string> = new Set(['jsonParser', 'urlencodedParser']);

/** The layers of an Express 5 app's router (`app.router.stack`, where Nest itself looks for its parsers). */
function routerLayers(app: unknown): { handle?: unknown }[] {
  const stack = (app as { router?: { stack?: unknown } } | null)?.router?.stack;
  return Array.isArray(stack) ? (stack as { handle?: unknown }[]) : [];
}

/**
 * Makes the JSON and urlencoded body parsers already mounted on a Nest Express app (Nest's own, `app.useBodyParser()`
 * ones, or an `express.json()` of the app) pass the webhook endpoint's URLs on unread, so the endpoint reads the
 * exact bytes itself, once, up to `webhooks.maxBodyBytes` — as on Fastify — instead of Nest parsing JSON that paywire
 * must verify and parse again from `req.rawBody`. Every other URL is parsed as before. A parser keeps its layer, its
 * place and its function name (Nest finds its parsers by name). Returns how many parsers now skip the endpoint.
 * Internal; `PaymentsModule.configure()` calls it, once Nest has added its parsers.
 *
 * @example
 * ```ts
 * import type { Express } from 'express'
 * import { leaveWebhookBodiesUnparsed } from './unparsed-webhook-bodies.js'
 * declare const expressApp: Express
 * leaveWebhookBodiesUnparsed(expressApp, (url) => url.startsWith('/payments/webhooks/')) // 2
 * ```
 */
export function leaveWebhookBodiesUnparsed(app: unknown, isWebhook: (url: string) => boolean): number {
  let wrapped = 0;
  for (const layer of routerLayers(app)) {
    const parse = layer?.handle;
    if (typeof parse !== 'function' || !NEST_BODY_PARSERS.has(parse.name)) continue;
    const parser = parse as Handle;
    const skipping: Handle = function (this: unknown, req, res, next) {
      return isWebhook(req.url ?? '') ? next() : parser.call(this, req, res, next);
    };
    Object.defineProperty(skipping, 'name', { value: parser.name });
    layer.handle = skipping;
    wrapped++;
  }
  return wrapped;
}
