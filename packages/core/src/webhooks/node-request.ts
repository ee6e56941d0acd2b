import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { PaywireError } from '../errors.js';
import { paywireError } from '../errors.js';

/**
 * The media types every adapter accepts unless told otherwise (`contentTypes`), written as the option takes them:
 * the one definition ({@link WEBHOOK_MEDIA_TYPES} is this list compiled). Internal.
 */
export const DEFAULT_WEBHOOK_CONTENT_TYPES: readonly string[] = Object.freeze([
  'application/json',
  'application/*+json',
  'text/plain',
]);

/** One or more characters of an RFC 6838 restricted name: what a `*` of a `contentTypes` entry stands for. */
const NAME_CHARS = '[\\w!#$&^.+-]+';

/**
 * Compiles a `contentTypes` entry (`type/subtype`, `*` standing for one or more name characters, so
 * `application/*+json` matches `application/vnd.waylet+json` but not `application/+json`) into a matcher of a
 * lower-case media type without parameters. Internal: `resolveAdapterOptions` and {@link WEBHOOK_MEDIA_TYPES}.
 *
 * @example
 * ```ts
 * import { mediaTypePattern } from './node-request.js'
 * mediaTypePattern('application/*+json').test('application/problem+json') // true
 * ```
 * @throws TypeError when the entry is not `type/subtype` made of name characters and `*`.
 */
export function mediaTypePattern(pattern: unknown, who = 'paymentWebhooks'): RegExp {
  if (typeof pattern !== 'string' || !/^[\w.+*-]+\/[\w.+*-]+$/.test(pattern)) {
    throw new TypeError(`${who}: contentTypes entries must look like 'type/subtype', got ${JSON.stringify(pattern)}`);
  }
  const source = pattern.toLowerCase().replace(/[.+-]/g, '\\$&').replaceAll('*', NAME_CHARS);
  return new RegExp(`^${source}$`);
}

/**
 * The media types payment providers send webhooks with: `application/json`, `application/*+json` and `text/plain`
 * (a request with no `Content-Type` is accepted too), compiled from the same list as the adapters' default
 * `contentTypes`, so every adapter accepts the same types. Adapters refuse anything else with 415 before reading
 * the body.
 */
export const WEBHOOK_MEDIA_TYPES: readonly RegExp[] = Object.freeze(
  DEFAULT_WEBHOOK_CONTENT_TYPES.map((type) => mediaTypePattern(type)),
);

function unsupported(message: string): PaywireError {
  return paywireError('ERR_UNSUPPORTED_MEDIA_TYPE', message);
}

function accepts(accepted: readonly RegExp[], type: string): boolean {
  for (let i = 0; i < accepted.length; i++) if (accepted[i]!.test(type)) return true;
  return false;
}

/** The `charset` parameter of the parameters after `;` at `from` (the first one named so), unquoted, lower-case. */
function charsetParam(header: string, from: number): string | undefined {
  while (from < header.length) {
    const semi = header.indexOf(';', from);
    const end = semi < 0 ? header.length : semi;
    const param = header.slice(from, end).trim().toLowerCase();
    if (param.startsWith('charset=')) {
      const value = param.slice(8);
      return value.includes('"') ? value.replace(/^"|"$/g, '') : value;
    }
    from = end + 1;
  }
  return undefined;
}

/**
 * Why a webhook request's `Content-Type` or `Content-Encoding` is refused, or `undefined` when it is accepted. The
 * common headers (`application/json`, with or without `; charset=utf-8`) cost a few string compares and no
 * allocation. Internal: {@link assertWebhookMediaType} and the adapters' preflight.
 *
 * @example
 * ```ts
 * import { mediaTypeRefusal } from './node-request.js'
 * mediaTypeRefusal({ 'content-type': 'text/xml' })
 * // 'content-type "text/xml" is not one a payment provider sends; expected JSON'
 * ```
 */
export function mediaTypeRefusal(
  headers: IncomingHttpHeaders,
  accepted: readonly RegExp[] = WEBHOOK_MEDIA_TYPES,
): string | undefined {
  const rawEncoding = headers['content-encoding'];
  if (rawEncoding !== undefined && rawEncoding !== 'identity') {
    const encoding = rawEncoding.trim().toLowerCase();
    if (encoding && encoding !== 'identity')
      return `content-encoding "${encoding.slice(0, 40)}" is not accepted on webhook routes`;
  }
  const header = headers['content-type'];
  if (header === undefined) return undefined;
  const semi = header.indexOf(';');
  const type = (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase();
  if (type === '' && semi < 0) return undefined; // an empty header: as if none was sent
  if (!accepts(accepted, type))
    return `content-type "${type.slice(0, 80)}" is not one a payment provider sends; expected JSON`;
  if (semi < 0) return undefined;
  const charset = charsetParam(header, semi + 1);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii')
    return `charset "${charset.slice(0, 40)}" is not accepted; expected utf-8`;
  return undefined;
}

/**
 * Checks a webhook request's `Content-Type` and `Content-Encoding` before its body is read. For adapters (the
 * Express and NestJS packages use it; so can a Fastify, Koa or bare `node:http` one).
 *
 * @example
 * ```ts
 * import { assertWebhookMediaType } from '@paywire/core'
 * assertWebhookMediaType(req.headers) // throws for text/xml, charset=latin1, content-encoding: gzip
 * ```
 * @throws PaywireError `ERR_UNSUPPORTED_MEDIA_TYPE` (415) for a media type not in `accepted`, a charset other
 *   than UTF-8, or a compressed body.
 */
export function assertWebhookMediaType(
  headers: IncomingHttpHeaders,
  accepted: readonly RegExp[] = WEBHOOK_MEDIA_TYPES,
): void {
  const refusal = mediaTypeRefusal(headers, accepted);
  if (refusal !== undefined) throw unsupported(refusal);
}

function tooLarge(limit: number): PaywireError {
  return paywireError('ERR_BODY_TOO_LARGE', `the body is larger than the limit of ${limit} bytes`);
}

/**
 * Reads a webhook request's body, refusing it from `Content-Length` before reading and stopping as soon as it
 * passes `limit` (the rest is never buffered: answer with `connection: close`). For adapters.
 *
 * @example
 * ```ts
 * import { readWebhookBody } from '@paywire/core'
 * const rawBody = await readWebhookBody(req, 1024 * 1024)
 * const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody, headers: req.headers })
 * ```
 * @throws PaywireError `ERR_BODY_TOO_LARGE` (413); `ERR_PAYLOAD_INVALID` (400) when the client aborted.
 */
export function readWebhookBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    // One chunk is the usual webhook: no array and no copy for it.
    let first: Buffer | undefined;
    let rest: Buffer[] | undefined;
    let size = 0;
    let settled = false;
    // Once the body ended, the listeners stay (the request is done with): removing them would cost more than
    // they ever will. A failure removes them and pauses the stream, so nothing more is read.
    const fail = (err: PaywireError): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      req.pause();
      reject(err);
    };
    function onData(chunk: Buffer): void {
      size += chunk.length;
      if (size > limit) fail(tooLarge(limit));
      else if (first === undefined) first = chunk;
      else (rest ??= [first]).push(chunk);
    }
    function onEnd(): void {
      if (settled) return;
      settled = true;
      resolve(rest ? Buffer.concat(rest, size) : (first ?? Buffer.alloc(0)));
    }
    function onError(): void {
      fail(paywireError('ERR_PAYLOAD_INVALID', 'the request was aborted while its body was read'));
    }
    function onClose(): void {
      if (!req.readableEnded) onError();
    }
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
