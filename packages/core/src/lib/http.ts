import { Agent, errors, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { PaywireError, ProviderApiError, paywireError } from '../errors.js';
import { createDeadlines } from './deadlines.js';
import { RawJsonNumber, stringifyJsonWithRawNumbers } from './json/index.js';
import type { PaywireLogger } from './logger.js';
import { redactUrl, registerOutgoingSecrets, type SecretRedactor } from './redact.js';
import { ResponseCollector } from './response-collector.js';

/** HTTP options of {@link createPaywire}. */
export interface HttpOptions {
  /** Per-request timeout in milliseconds (headers and body). @default 15000 */
  timeoutMs?: number;
  /**
   * How many times a request may be retried where a retry cannot create a second payment (the connection was
   * never established, or the provider answered 503 with `Retry-After`). @default 2
   */
  retries?: number;
  /** First backoff delay in ms; doubles each attempt, with full jitter. @default 200 */
  retryBaseDelayMs?: number;
  /** Longest wait honoured from a `Retry-After` header, in ms. @default 5000 */
  maxRetryAfterMs?: number;
  /** An undici dispatcher (e.g. `MockAgent` in tests, a proxy agent). @default a keep-alive `Agent` */
  dispatcher?: Dispatcher;
}

/** One request to a provider API. */
export interface ProviderRequest<S extends z.ZodType | undefined> {
  provider: string;
  /** Short name of the operation, for logs and errors: `startPayment`. */
  operation: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string | URL;
  headers?: Record<string, string>;
  /** JSON body. Amounts wrapped in `jsonNumber('5100.00')` are written verbatim. */
  json?: unknown;
  /** Form-encoded body. */
  form?: Record<string, string>;
  /** Statuses that count as success. @default any 2xx */
  okStatuses?: readonly number[];
  /** Schema the successful body must match; its output is returned. */
  schema?: S;
}

/** What {@link HttpClient.request} returns. */
export interface ProviderResponse<T> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

/** The one way paywire calls a provider. */
export interface HttpClient {
  request<S extends z.ZodType | undefined = undefined>(
    req: ProviderRequest<S>,
  ): Promise<ProviderResponse<S extends z.ZodType ? z.output<S> : unknown>>;
  close(): Promise<void>;
}

const CONNECT_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** True when the error proves the request never left this machine (so a retry cannot double a payment). */
function neverConnected(err: unknown): boolean {
  for (let e: unknown = err, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECT_ERRORS.has(code)) return true;
  }
  return false;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function retryAfterMs(header: string | string[] | undefined, max: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), max) : undefined;
}

/** The status, headers and decoded body of one attempt. */
interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** True for undici's own headers/body timeouts (set to the same `timeoutMs`). */
function isUndiciTimeout(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TIMEOUT_CODES.has(code);
}

/**
 * True when the logger says it drops debug lines (`debugEnabled: false` on the logger object), so the client
 * skips building and redacting them. Any other logger gets every line, as before.
 */
function debugDropped(logger: PaywireLogger): boolean {
  return (logger as { debugEnabled?: unknown }).debugEnabled === false;
}

/** True when `value` holds a {@link RawJsonNumber} (or anything with its own `toJSON`) within `depth` levels. */
function needsRawJson(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth > 32 || value instanceof RawJsonNumber || typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return true;
  if (Array.isArray(value)) {
    for (const item of value) if (needsRawJson(item, depth + 1)) return true;
    return false;
  }
  for (const key in value) if (needsRawJson((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

/**
 * The JSON body: plain `JSON.stringify` unless an exact decimal (or a `toJSON`) needs
 * {@link stringifyJsonWithRawNumbers}.
 */
function serializeJson(value: unknown): string {
  return needsRawJson(value, 0) ? stringifyJsonWithRawNumbers(value) : JSON.stringify(value);
}

/** Headers and body text of a request. */
function encode(req: ProviderRequest<z.ZodType | undefined>): {
  headers: Record<string, string>;
  body: string | undefined;
} {
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  let body: string | undefined;
  if (req.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = serializeJson(req.json);
  } else if (req.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(req.form).toString();
  }
  return { headers, body };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where a request goes, as `dispatcher.dispatch` takes it. */
interface Target {
  origin: string;
  path: string;
}

/** Parses and checks a URL as `undici.request` does (http or https; the path with its query, no fragment). */
function parseTarget(url: string | URL): Target {
  const target = typeof url === 'string' ? new URL(url) : url;
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw new errors.InvalidArgumentError('Invalid URL protocol: the URL must start with `http:` or `https:`.');
  return { origin: target.origin, path: target.search ? `${target.pathname}${target.search}` : target.pathname };
}

/** Most parsed URL strings one client keeps; all are forgotten when it is full (ids in paths would fill it). */
const MAX_TARGETS = 256;

/** {@link parseTarget} that remembers URL strings: a provider's fixed endpoints are parsed once per client. */
function targetCache(): (url: string | URL) => Target {
  const known = new Map<string, Target>();
  return (url) => {
    if (typeof url !== 'string') return parseTarget(url);
    let target = known.get(url);
    if (target === undefined) {
      target = parseTarget(url);
      if (known.size >= MAX_TARGETS) known.clear();
      known.set(url, target);
    }
    return target;
  };
}

/** Creates the HTTP client shared by every provider client of one paywire instance. */
export function createHttpClient(options: HttpOptions, logger: PaywireLogger, redact: SecretRedactor): HttpClient {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retries = options.retries ?? 2;
  const baseDelay = options.retryBaseDelayMs ?? 200;
  const maxRetryAfter = options.maxRetryAfterMs ?? 5_000;
  const dispatcher: Dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 10_000, connections: 32 });
  const ownAgent = options.dispatcher ? undefined : dispatcher;

  // As Node's setTimeout treats them: anything not in 1 ms … 2^31-1 ms fires after 1 ms. undici wants whole ms.
  const limitMs = Number.isFinite(timeoutMs) && timeoutMs >= 1 && timeoutMs <= 2 ** 31 - 1 ? Math.ceil(timeoutMs) : 1;
  const deadlines = createDeadlines(limitMs);
  const targetOf = targetCache();
  // Debug lines cost a URL redaction each; a logger may say it drops them (see `debugDropped`).
  const debugOn = !debugDropped(logger);

  function timeoutError(req: ProviderRequest<z.ZodType | undefined>): PaywireError {
    return paywireError(
      'ERR_PROVIDER_TIMEOUT',
      `${req.provider} ${req.operation}: no answer within ${timeoutMs} ms; the operation may or may not have happened`,
      {
        provider: req.provider,
        httpStatus: 504,
        details: { operation: req.operation, timeoutMs },
      },
    );
  }

  /**
   * One request, cut at `timeoutMs` (waiting for a connection, headers and body together) by the shared deadline
   * queue, which aborts it; undici's own `headersTimeout`/`bodyTimeout` also stop the socket from waiting longer.
   * The response is read by a {@link ResponseCollector} through `dispatcher.dispatch`: what `undici.request` does,
   * the same options and errors, without a stream per response.
   */
  function attempt(req: ProviderRequest<z.ZodType | undefined>): Promise<RawResponse> {
    const { headers, body } = encode(req);
    registerOutgoingSecrets(redact, headers, req.json ?? req.form);
    return new Promise<RawResponse>((resolve, reject) => {
      const { origin, path } = targetOf(req.url);
      const collector = new ResponseCollector({
        resolve(res) {
          deadlines.settle(deadline);
          resolve({ status: res.status, headers: res.headers, body: parseBody(res.text) });
        },
        reject(err) {
          deadlines.settle(deadline);
          reject(isUndiciTimeout(err) ? timeoutError(req) : err);
        },
      });
      const deadline = deadlines.add(() => collector.abort(timeoutError(req)));
      const options: Dispatcher.DispatchOptions = {
        origin,
        path,
        method: req.method,
        headers,
        body,
        headersTimeout: limitMs,
        bodyTimeout: limitMs,
      };
      try {
        dispatcher.dispatch(options, collector);
      } catch (err) {
        collector.onResponseError(undefined, err as Error); // a dispatcher that throws instead of calling back
      }
    });
  }

  async function send(req: ProviderRequest<z.ZodType | undefined>) {
    let redactedUrl: string | undefined;
    const url = () => (redactedUrl ??= redactUrl(req.url, redact)); // only for log lines
    for (let n = 0; ; n++) {
      const started = debugOn ? Date.now() : 0;
      let res: RawResponse;
      try {
        res = await attempt(req);
      } catch (err) {
        if (err instanceof PaywireError) throw err;
        if (neverConnected(err) && n < retries) {
          const wait = Math.random() * baseDelay * 2 ** n;
          logger.warn(`${req.provider} ${req.operation}: connection failed, retrying`, {
            url: url(),
            attempt: n + 1,
            waitMs: Math.round(wait),
          });
          await sleep(wait);
          continue;
        }
        throw paywireError(
          'ERR_PROVIDER_UNREACHABLE',
          `${req.provider} ${req.operation}: ${redact.text(String((err as Error)?.message ?? err))}`,
          {
            provider: req.provider,
            httpStatus: 502,
            cause: redact(err),
            details: { operation: req.operation, connected: !neverConnected(err) },
          },
        );
      }
      if (debugOn)
        logger.debug(`${req.provider} ${req.operation} ${req.method} ${url()} → ${res.status}`, {
          ms: Date.now() - started,
        });
      const wait = res.status === 503 ? retryAfterMs(res.headers['retry-after'], maxRetryAfter) : undefined;
      if (wait !== undefined && n < retries) {
        logger.warn(`${req.provider} ${req.operation}: 503 with Retry-After, retrying`, {
          url: url(),
          attempt: n + 1,
          waitMs: wait,
        });
        await sleep(wait);
        continue;
      }
      return res;
    }
  }

  return {
    async request(req) {
      const res = await send(req);
      const ok = req.okStatuses ? req.okStatuses.includes(res.status) : res.status >= 200 && res.status < 300;
      if (!ok) {
        const body = redact(res.body);
        throw new ProviderApiError(`${req.provider} ${req.operation}: HTTP ${res.status}${describe(body)}`, {
          provider: req.provider,
          status: res.status,
          body,
          details: { operation: req.operation },
        });
      }
      if (!req.schema) return res as never;
      const parsed = req.schema.safeParse(res.body);
      if (!parsed.success) {
        throw paywireError(
          'ERR_PROVIDER_RESPONSE_INVALID',
          `${req.provider} ${req.operation}: unexpected response: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`,
          {
            provider: req.provider,
            httpStatus: 502,
            details: { operation: req.operation, status: res.status, body: redact(res.body) },
          },
        );
      }
      return { ...res, body: parsed.data } as never;
    },
    async close() {
      await ownAgent?.close();
    },
  };
}

function describe(body: unknown): string {
  if (body === undefined) return '';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return `: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
}
