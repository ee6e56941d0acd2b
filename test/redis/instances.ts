/** Starts fixture-app.ts instances as child processes and sends them signed deliveries (test support). */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { Agent, request } from 'undici';
import { randomUUID } from 'node:crypto';
import { testing } from '@paywire/core/testing';
import type { PaywireStore } from '@paywire/core';
import { sandboxCredentials } from '@paywire/sandbox';

const root = fileURLToPath(new URL('../../', import.meta.url));
const app = fileURLToPath(new URL('./fixture-app.ts', import.meta.url));

/** A running app instance. */
export interface Instance {
  readonly url: string;
  readonly countFile: string;
  readonly child: ChildProcess;
  /** SIGKILL, resolves when it is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), resolves when it is gone. */
  stop(): Promise<void>;
}

/** Starts one instance with the given environment (REDIS_URL | REDIS_CLUSTER, SANDBOX_URL, COUNT_FILE, …). */
export async function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ['--conditions=@paywire/source', '--import', 'tsx', app], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('fixture-app did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`fixture-app exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^listening (\d+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    countFile: env.COUNT_FILE!,
    child,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}

/** Lines each instance's handlers wrote, merged. */
export function handledLines(instances: readonly Instance[]): string[] {
  return instances.flatMap((i) =>
    existsSync(i.countFile) ? readFileSync(i.countFile, 'utf8').split('\n').filter(Boolean) : [],
  );
}

/** How many times each event id was handled. */
export function handledCounts(instances: readonly Instance[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of handledLines(instances))
    if (!line.startsWith('started ') && !line.startsWith('attempt ')) counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts;
}

/** One signed delivery: where below `/webhooks` to POST it, and what. */
export interface Delivery {
  path: string;
  body: string;
  headers: Record<string, string>;
}

const c = sandboxCredentials;

/**
 * A signed delivery of a fresh payment for `provider`, signed with the sandbox's credentials (the instances use
 * them). ETpay sessions are written to `store` first, as `initializeSession` does.
 */
export async function freshDelivery(
  provider: 'waylet' | 'paylican' | 'paykassma' | 'etpay',
  store: PaywireStore,
): Promise<Delivery> {
  switch (provider) {
    case 'waylet': {
      const d = testing.waylet.callback(
        { status: 'PAID', paymentId: `o-${randomUUID()}`, amount: 300 },
        { secret: c.waylet.secret },
      );
      return { path: '/waylet', body: d.body, headers: d.headers };
    }
    case 'paylican': {
      const d = testing.paylican.webhook(
        { status: 'PAID', merchantReference: `r-${randomUUID()}`, invoiceId: randomUUID() },
        { token: c.paylican.webhookToken },
      );
      return {
        path: `/paylican${d.path ?? ''}${d.query ? `?${new URLSearchParams(d.query).toString()}` : ''}`,
        body: d.body,
        headers: d.headers,
      };
    }
    case 'paykassma': {
      const d = testing.paykassma.postback(
        { transactions: [{ amount: '500.50', custom_id: `dep-${randomUUID()}` }] },
        { accessKey: c.paykassma.postbackAccessKey, privateKey: c.paykassma.postbackPrivateKey },
      );
      return { path: '/paykassma', body: d.body, headers: d.headers };
    }
    case 'etpay': {
      const session = await testing.etpay.storeSession(store, testing.etpay.session());
      const d = await testing.etpay.notification({ ...session, paymentStatus: 'success' });
      return { path: '/etpay', body: d.body, headers: d.headers };
    }
  }
}

/** One HTTP answer. */
export interface Answer {
  status: number;
  retryAfter: string | null;
  body: string;
}

const agent = new Agent({ connections: 64, keepAliveTimeout: 10_000 });

/** POSTs one delivery to `baseUrl/webhooks…`. */
export async function post(baseUrl: string, delivery: Delivery): Promise<Answer> {
  const res = await request(`${baseUrl}/webhooks${delivery.path}`, {
    method: 'POST',
    body: delivery.body,
    headers: delivery.headers,
    dispatcher: agent,
    headersTimeout: 15_000,
    bodyTimeout: 15_000,
  });
  const retryAfter = res.headers['retry-after'];
  return {
    status: res.statusCode,
    retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
    body: await res.body.text(),
  };
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function pool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}
