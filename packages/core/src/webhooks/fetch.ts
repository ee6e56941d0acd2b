import { isPaywireError, type PaywireError } from '../errors.js';
import { PROVIDER_NAMES } from '../events.js';
import { webhookError, webhookErrorReply } from './http-reply.js';
import { webhookRefusal, type WebhookHost } from './node-endpoint.js';
import { WEBHOOK_MEDIA_TYPES } from './node-request.js';
import type { WebhookReply } from './types.js';

/** Options of `paywire.webhooks.fetch(request, options)`. */
export interface FetchWebhookOptions {
  /**
   * The provider the delivery is for. When it is a segment of the URL's path, what follows that segment is the
   * provider's `path` (Paylican path tokens: `/webhooks/paylican/<token>`).
   * @default the last path segment that names a paywire provider (else the last segment: 404 when it names none)
   */
  provider?: string;
  /**
   * The TCP peer address, for Paylican's `allowIps` guard: a `Request` does not carry it (Hono:
   * `getConnInfo(c).remote.address`; Bun: `server.requestIP(request)?.address`).
   * @default undefined (an `allowIps` guard then refuses the delivery with 403)
   */
  remoteAddress?: string;
}

/** The `fetch` entry point of `paywire.webhooks`. */
export type FetchWebhookHandler = (request: Request, options?: FetchWebhookOptions) => Promise<Response>;

function malformed(): PaywireError {
  return webhookError('ERR_PAYLOAD_INVALID', 'the webhook URL is not valid percent-encoding');
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw malformed();
  }
}

/** The provider and the raw path after its segment, from the URL's path (or the given provider). */
function targetOf(pathname: string, provider: string | undefined): { provider: string; path: string } {
  const segments = pathname.split('/');
  const names: readonly string[] = provider === undefined ? PROVIDER_NAMES : [provider];
  for (let i = segments.length - 1; i >= 0; i--) {
    const raw = segments[i] ?? '';
    if (raw !== '' && names.includes(decode(raw))) {
      const rest = segments.slice(i + 1).join('/');
      return { provider: decode(raw), path: rest === '' ? '' : `/${rest}` };
    }
  }
  if (provider !== undefined) return { provider, path: '' };
  return { provider: decode(segments.filter((s) => s !== '').at(-1) ?? ''), path: '' };
}

async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => webhookError('ERR_BODY_TOO_LARGE', `the body is larger than the limit of ${limit} bytes`);
  if (Number(request.headers.get('content-length')) > limit) throw tooLarge();
  if (request.body === null) return new Uint8Array();
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: Awaited<ReturnType<typeof reader.read>>;
    try {
      next = await reader.read();
    } catch {
      throw webhookError('ERR_PAYLOAD_INVALID', 'the request was aborted while its body was read');
    }
    if (next.done) break;
    size += next.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(next.value);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

function toResponse(reply: Pick<WebhookReply, 'status' | 'headers' | 'body'>): Response {
  const headers = new Headers(reply.headers);
  headers.delete('connection'); // a hop-by-hop header: the runtime decides (and HTTP/2 forbids it)
  return new Response(reply.body, { status: reply.status, headers });
}

async function replyTo(
  host: WebhookHost,
  limit: number,
  request: Request,
  options: FetchWebhookOptions,
): Promise<WebhookReply> {
  const url = new URL(request.url);
  const target = targetOf(url.pathname, options.provider);
  const headers = Object.fromEntries(request.headers);
  const refusal = webhookRefusal(host, target.provider, { method: request.method, headers }, WEBHOOK_MEDIA_TYPES);
  if (refusal) return refusal;
  if (request.bodyUsed) {
    const message =
      'the Request body was already read; pass the request to paywire.webhooks.fetch() before anything reads it (in Hono: c.req.raw, before c.req.json())';
    throw webhookError('ERR_BODY_ALREADY_PARSED', message, { httpStatus: 500 });
  }
  const rawBody = await readBody(request, limit);
  const { remoteAddress } = options;
  return host.webhooks.handle({
    ...target,
    rawBody,
    headers,
    query: url.search.slice(1),
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

/**
 * Builds `paywire.webhooks.fetch`: a Web-standard handler from `Request` to `Response` for Hono, Next.js route
 * handlers, Bun, Deno and Cloudflare-style runtimes, with the same status policy and answers as the Node adapters.
 * Server faults (a failing store, a body read before paywire got the request) reject the promise, so the host's
 * error handling answers 500 and the provider retries. Internal: `createPaywire` calls it.
 *
 * @example
 * ```ts
 * export const POST = (request: Request) => paywire.webhooks.fetch(request) // provider from the URL
 * ```
 */
export function createFetchHandler(host: WebhookHost, limit: number): FetchWebhookHandler {
  return async (request, options = {}) => {
    if (
      request === null ||
      typeof request !== 'object' ||
      typeof request.url !== 'string' ||
      !(request.headers instanceof Headers)
    ) {
      throw new TypeError('paywire.webhooks.fetch: request must be a Request');
    }
    if (options === null || typeof options !== 'object')
      throw new TypeError('paywire.webhooks.fetch: options must be an object ({ provider?, remoteAddress? })');
    try {
      return toResponse(await replyTo(host, limit, request, options));
    } catch (err) {
      if (isPaywireError(err) && err.httpStatus < 500) return toResponse(webhookErrorReply(err));
      throw err;
    }
  };
}
