import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderName } from '@paywire/core';
import type { EmulatorContext, MerchantProfile } from './context.js';
import { dashboard } from './dashboard.js';
import { deliver } from './deliver.js';
import { Router, badRequest, json, readRequest, write } from './http.js';
import { sandboxEntries, sandboxModules } from './providers/index.js';
import type { SandboxProvider } from './providers/types.js';
import { SandboxState } from './state.js';

/** Options of {@link createSandbox}. */
export interface SandboxOptions {
  /** @default 4010 (0 picks a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Where profile-configured callbacks go. */
  merchant?: Partial<MerchantProfile>;
  /** Milliseconds between callback retries. @default 1000 */
  retryIntervalMs?: number;
}

/** A running sandbox. */
export interface Sandbox {
  /** `http://127.0.0.1:4010` */
  readonly url: string;
  readonly state: SandboxState;
  /** The credentials and URLs that point paywire at this sandbox, ready for `createPaywire({ providers })`. */
  providers(): ReturnType<typeof sandboxProviders>;
  /** Waits for every callback delivery in flight to finish. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * paywire provider options for a sandbox at `baseUrl` (webhook guards are the app's choice, so Paylican's is included
 * as a token).
 */
export function sandboxProviders(baseUrl: string) {
  return optionsOf(sandboxModules, baseUrl);
}

function optionsOf<M extends { readonly [name: string]: SandboxProvider }>(
  modules: M,
  baseUrl: string,
): { -readonly [K in keyof M]: ReturnType<M[K]['options']> } {
  return Object.fromEntries(Object.entries(modules).map(([name, m]) => [name, m.options(baseUrl)])) as {
    -readonly [K in keyof M]: ReturnType<M[K]['options']>;
  };
}

/** The request target as a URL; an unparsable one (`GET http://[::1 HTTP/1.1`) is the client's mistake. */
function targetUrl(req: IncomingMessage, baseUrl: string): URL {
  try {
    return new URL(req.url ?? '/', baseUrl);
  } catch {
    throw badRequest('invalid request target');
  }
}

/** Routes one request and writes the answer; never rejects (a client mistake is a 4xx, anything else a 500). */
async function answer(router: Router, baseUrl: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = targetUrl(req, baseUrl);
    const found = router.match(req.method ?? 'GET', url.pathname);
    if (found === undefined)
      return write(res, json(404, { code: 'NOT_FOUND', message: `no sandbox route ${req.method} ${url.pathname}` }));
    if (found === 'method')
      return write(res, json(405, { code: 'METHOD_NOT_ALLOWED', message: `${req.method} is not allowed here` }));
    const { text, body } = await readRequest(req);
    const reply = await found.handler({
      method: req.method ?? 'GET',
      path: url.pathname,
      params: found.params,
      query: url.searchParams,
      headers: req.headers,
      text,
      body,
      baseUrl,
    });
    write(res, reply);
  } catch (err) {
    const status = (err as { status?: number }).status ?? 500;
    if (res.headersSent) return void res.destroy();
    write(
      res,
      json(status, { code: status === 500 ? 'SANDBOX_ERROR' : 'BAD_REQUEST', message: (err as Error).message }),
    );
  }
}

/**
 * Starts the sandbox: one HTTP server emulating the four gateways' APIs, their hosted pages, signed callbacks
 * with each provider's retry rule, and a dashboard at `/`.
 *
 * @example
 * ```ts
 * import { createSandbox } from '@paywire/sandbox'
 * import { createPaywire } from '@paywire/core'
 * const sandbox = await createSandbox({ port: 0, merchant: { paykassmaPostbackUrl: 'http://127.0.0.1:3000/webhooks/paykassma' } })
 * const paywire = createPaywire({ providers: { waylet: { ...sandbox.providers().waylet, callbackUrl } } })
 * ```
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const state = new SandboxState();
  const router = new Router();
  const inflight = new Set<Promise<unknown>>();
  const aborter = new AbortController();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
    return p;
  };
  let baseUrl = '';
  const merchant = {
    ...Object.assign({}, ...sandboxEntries.map(([, m]) => m.merchant ?? {})),
    ...options.merchant,
  } as MerchantProfile;
  const ctx: EmulatorContext = {
    router,
    state,
    merchant,
    retryIntervalMs: options.retryIntervalMs ?? 1000,
    baseUrl: () => baseUrl,
    send(payment, callback, rule) {
      return track(
        deliver(payment, callback, { ...rule, intervalMs: options.retryIntervalMs ?? rule.intervalMs }, aborter.signal),
      );
    },
    later(ms, task) {
      void track(
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            resolve();
            task();
          }, ms);
          aborter.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        }),
      );
    },
  };
  for (const [, m] of sandboxEntries) m.emulator(ctx);
  router.add('GET', '/', () => dashboard(state, baseUrl));
  router.add('GET', '/credentials', () => json(200, { providers: sandboxProviders(baseUrl), merchant }));
  router.add('GET', '/api/payments', (req) =>
    json(200, state.list((req.query.get('provider') as ProviderName) || undefined)),
  );

  const server: Server = createServer((req, res) => void answer(router, baseUrl, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, resolve);
  });
  baseUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    state,
    providers: () => sandboxProviders(baseUrl),
    async settled() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    async close() {
      aborter.abort();
      await Promise.allSettled([...inflight]);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
