import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request as a sandbox route sees it. */
export interface SandboxRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** The body as text. */
  text: string;
  /** JSON or form body, parsed (undefined when neither). */
  body: unknown;
  /** Public base URL of the sandbox (`http://127.0.0.1:4010`). */
  baseUrl: string;
}

/** What a route answers. */
export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A route handler. */
export type RouteHandler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: RouteHandler;
}

/**
 * `table[key]` when `key` is the table's own property; never an inherited one (`toString`, `constructor`,
 * `__proto__`), so a URL segment or a body field cannot pick `Object.prototype`'s members.
 *
 * @example
 * ```ts
 * import { own } from './http.js'
 * own({ pay: 'PAID' }, 'toString') // undefined
 * ```
 */
export const own = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

/** A string field of an untrusted body: the string itself, or undefined for anything else (objects, numbers, null). */
export const stringField = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** An error the server answers with `status` and the `BAD_REQUEST` code (a client mistake, not a sandbox fault). */
export const badRequest = (message: string, status = 400): Error & { status: number } =>
  Object.assign(new Error(message), { status });

/** `decodeURIComponent` for a path segment; a malformed escape (`%zz`) is the client's mistake. */
function decodeParam(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`malformed percent-escape in path segment ${segment.slice(0, 100)}`);
  }
}

/** A tiny router: `/waylet/app/:customer` patterns, exact methods. */
export class Router {
  readonly #routes: Route[] = [];

  add(method: string, path: string, handler: RouteHandler): this {
    const keys: string[] = [];
    const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, key: string) => {
      keys.push(key);
      return '([^/]+)';
    });
    this.#routes.push({ method, pattern: new RegExp(`^${source}/?$`), keys, handler });
    return this;
  }

  /**
   * The route for `method` and `path`; `'method'` when only the method is wrong. @throws an error with `status: 400`
   * for a malformed percent-escape.
   */
  match(
    method: string,
    path: string,
  ): { handler: RouteHandler; params: Record<string, string> } | 'method' | undefined {
    let pathMatched = false;
    for (const route of this.#routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((k, i) => (params[k] = decodeParam(m[i + 1] ?? '')));
      return { handler: route.handler, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}

/** Reads and parses a request body (JSON or form-encoded), bounded to 1 MiB. */
export async function readRequest(req: IncomingMessage): Promise<{ text: string; body: unknown }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) throw badRequest('body too large', 413);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const type = String(req.headers['content-type'] ?? '');
  if (text === '') return { text, body: undefined };
  if (type.includes('application/x-www-form-urlencoded'))
    return { text, body: Object.fromEntries(new URLSearchParams(text)) };
  try {
    return { text, body: JSON.parse(text) };
  } catch {
    if (type.includes('json')) throw badRequest('malformed JSON');
    return { text, body: undefined };
  }
}

/** A JSON answer. */
export const json = (status: number, value: unknown, headers: Record<string, string> = {}): SandboxResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: value === undefined ? '' : JSON.stringify(value),
});

/** An empty answer. */
export const empty = (status = 204): SandboxResponse => ({ status });

/** A 303 redirect (after a form POST). */
export const redirect = (location: string): SandboxResponse => ({ status: 303, headers: { location } });

/** Writes a {@link SandboxResponse}. */
export function write(res: ServerResponse, answer: SandboxResponse): void {
  res.writeHead(answer.status, answer.headers ?? {});
  res.end(answer.body ?? '');
}
