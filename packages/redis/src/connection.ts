import { Cluster, Redis, type ClusterNode } from 'ioredis';
import type { PaywireError } from '@paywire/core';
import { StoreError } from '@paywire/core';
import type { LuaScript } from './scripts.js';

/** A connected ioredis client: a single server (`Redis`) or a Redis Cluster (`Cluster`). */
export type RedisClient = Redis | Cluster;

/** How long one store call may take, and how to reach Redis. */
export interface ConnectionSettings {
  commandTimeoutMs: number;
  connectTimeoutMs: number;
}

/**
 * Options for the clients the store opens itself: no offline queue (a call while Redis is unreachable fails
 * at once instead of waiting in memory), one attempt per command, reconnection every 50–1000 ms, forever.
 */
function clientOptions(settings: ConnectionSettings) {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: settings.commandTimeoutMs,
    connectTimeout: settings.connectTimeoutMs,
    retryStrategy: (attempt: number) => Math.min(50 * attempt, 1000),
  } as const;
}

/** Opens a client for one server URL (`redis://`, `rediss://`). */
export function openServer(url: string, settings: ConnectionSettings): Redis {
  return new Redis(url, clientOptions(settings));
}

/** Opens a cluster client from its seed nodes. */
export function openCluster(nodes: ClusterNode[], settings: ConnectionSettings): Cluster {
  return new Cluster(nodes, {
    lazyConnect: true,
    enableOfflineQueue: false,
    clusterRetryStrategy: (attempt: number) => Math.min(100 * attempt, 1000),
    redisOptions: clientOptions(settings),
  });
}

/** The store's failure: retryable, answered 503 + Retry-After by the pipeline. Never carries Redis's text. */
export function unavailable(operation: string, cause: unknown): PaywireError<'ERR_STORE_UNAVAILABLE'> {
  const code = (cause as { code?: unknown } | undefined)?.code;
  const reason =
    typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code)
      ? ` (${code})`
      : cause instanceof StoreTimeout || (cause instanceof Error && cause.message === IOREDIS_TIMEOUT)
        ? ' (timeout)'
        : '';
  return new StoreError('ERR_STORE_UNAVAILABLE', `the Redis store could not ${operation}${reason}; retry later`, {
    cause,
    httpStatus: 503,
  });
}

/** The message of ioredis's own rejection when a command outlives its `commandTimeout`. */
const IOREDIS_TIMEOUT = 'Command timed out';

/**
 * True when the client itself rejects every command that outlives `ms` (its ioredis `commandTimeout`, which the
 * store sets on the clients it opens), so a call on a ready client needs no deadline of its own.
 */
export function enforcesTimeout(client: RedisClient, ms: number): boolean {
  const options = client.options as { commandTimeout?: unknown; redisOptions?: { commandTimeout?: unknown } };
  const timeout = client instanceof Redis ? options.commandTimeout : options.redisOptions?.commandTimeout;
  return typeof timeout === 'number' && timeout > 0 && timeout <= ms;
}

class StoreTimeout extends Error {
  override name = 'StoreTimeout';
}

/** Runs one store call with a deadline; any failure becomes `ERR_STORE_UNAVAILABLE`. */
export async function withDeadline<T>(operation: string, ms: number, call: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTimeout(`${operation}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([call(), deadline]);
  } catch (err) {
    throw unavailable(operation, err);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Returns a function that resolves once the client is ready, starting a lazy client's first connection. All
 * callers share one wait (one listener); each caller's own deadline ({@link withDeadline}) bounds it, so no
 * call waits for a reconnection longer than the command timeout and nothing is queued for later.
 */
export function readiness(client: RedisClient): () => Promise<void> {
  let waiting: Promise<void> | undefined;
  return () => {
    if (client.status === 'ready') return Promise.resolve();
    if (client.status === 'end') return Promise.reject(new Error('the Redis client was closed'));
    if (client.status === 'wait') client.connect().catch(() => {}); // failures surface as timeouts; ioredis keeps reconnecting
    waiting ??= new Promise<void>((resolve, reject) => {
      const onReady = () => settle();
      const onEnd = () => settle(new Error('the Redis client was closed'));
      function settle(err?: Error) {
        client.off('ready', onReady);
        client.off('end', onEnd);
        waiting = undefined;
        if (err) reject(err);
        else resolve();
      }
      client.once('ready', onReady);
      client.once('end', onEnd);
    });
    waiting.catch(() => {});
    return waiting;
  };
}

/** A socket that can hold writes back (`net.Socket`, `tls.TLSSocket`). */
interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Returns a function to call before sending a command: it corks the sockets to Redis until the current burst of
 * microtasks and `nextTick`s ends, so the commands issued in one turn (the next step of every delivery whose
 * reply arrived in the same read, or of every request parsed together) leave in one `writev` instead of one
 * `write` each, and Redis reads them in one go. Nothing waits for a timer: the sockets are uncorked on
 * `process.nextTick`, and the order of commands on a socket is unchanged. For a cluster, every connected
 * primary's socket is corked.
 */
export function coalescer(client: RedisClient): () => void {
  let corked: Corkable[] | undefined;
  const uncork = () => {
    for (const socket of corked ?? []) socket.uncork();
    corked = undefined;
  };
  const sockets = (): Corkable[] => {
    const nodes = client instanceof Redis ? [client] : client.nodes('master');
    const out: Corkable[] = [];
    for (const node of nodes) {
      const socket = node.status === 'ready' ? (node.stream as Corkable | undefined) : undefined;
      if (socket) out.push(socket);
    }
    return out;
  };
  return () => {
    if (corked || client.status !== 'ready') return;
    corked = sockets();
    for (const socket of corked) socket.cork();
    process.nextTick(uncork);
  };
}

/** Runs a script with EVALSHA; on NOSCRIPT (a new or restarted node) sends the source once with EVAL. */
export async function runScript(
  client: RedisClient,
  lua: LuaScript,
  key: string,
  args: (string | number)[],
): Promise<unknown> {
  try {
    return await client.evalsha(lua.sha1, 1, key, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return client.eval(lua.source, 1, key, ...args);
  }
}
