import type { ClusterNode } from 'ioredis';
import type { ClaimResult, PaymentRecord, PaywireStore, ProviderName, VersionedPaymentRecord } from '@paywire/core';
import {
  coalescer,
  openCluster,
  openServer,
  readiness,
  runScript,
  withDeadline,
  enforcesTimeout,
  unavailable,
  type RedisClient,
} from './connection.js';
import { keyLayout } from './keys.js';
import { CLAIM, PUT_PAYMENT, RELEASE, RENEW } from './scripts.js';

/**
 * Where the store finds Redis: a server URL, a cluster's seed nodes, or a client you created (the store then
 * neither connects nor closes it beyond starting a `lazyConnect` client).
 */
export type RedisConnection = { url: string } | { cluster: ClusterNode[] } | { client: RedisClient };

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /**
   * Put before every key. Keep it free of `{` and `}` unless you mean to pin every key to one cluster slot.
   * @default 'paywire:'
   */
  keyPrefix?: string;
  /**
   * How long one store call may take (including waiting for a reconnection) before it fails with
   * `ERR_STORE_UNAVAILABLE`.
   * @default 1000
   */
  commandTimeoutMs?: number;
  /**
   * Connection timeout of the clients the store opens itself.
   * @default 1000
   */
  connectTimeoutMs?: number;
}

/** A {@link PaywireStore} over Redis, with the client it uses and `close()`. */
export interface RedisStore extends PaywireStore {
  /** The ioredis client (a `Redis` or a `Cluster`). */
  readonly client: RedisClient;
  /** Closes the connection when the store opened it; leaves a client you passed open. */
  close(): Promise<void>;
}

function positiveMs(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}

function resolveOptions(options: RedisStoreOptions) {
  const keyPrefix = options.keyPrefix ?? 'paywire:';
  const commandTimeoutMs = options.commandTimeoutMs ?? 1000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 1000;
  if (typeof keyPrefix !== 'string') throw new TypeError('redisStore: keyPrefix must be a string');
  for (const [name, value] of Object.entries({ commandTimeoutMs, connectTimeoutMs })) {
    if (!Number.isFinite(value) || value <= 0)
      throw new TypeError(`redisStore: ${name} must be a positive number of milliseconds`);
  }
  return { keyPrefix, commandTimeoutMs, connectTimeoutMs };
}

function openClient(
  connection: RedisConnection,
  settings: { commandTimeoutMs: number; connectTimeoutMs: number },
): { client: RedisClient; owned: boolean } {
  if ('client' in connection && connection.client) return { client: connection.client, owned: false };
  if ('cluster' in connection && Array.isArray(connection.cluster) && connection.cluster.length > 0) {
    return { client: openCluster(connection.cluster, settings), owned: true };
  }
  if ('url' in connection && typeof connection.url === 'string' && connection.url !== '') {
    return { client: openServer(connection.url, settings), owned: true };
  }
  throw new TypeError('redisStore: pass { url }, { cluster: [nodes] } or { client }');
}

/** Parses the ledger value `<version>:<record JSON>`. */
function parseVersioned(value: string): VersionedPaymentRecord {
  const colon = value.indexOf(':');
  return { version: Number(value.slice(0, colon)), record: JSON.parse(value.slice(colon + 1)) as PaymentRecord };
}

/**
 * Creates a paywire store on Redis (a single server or a Redis Cluster), so every app instance shares the
 * delivery leases, the done markers, the payment ledger and ETpay sessions.
 *
 * Every method is one command over one key (one round trip): claim, renew, release and the ledger's
 * compare-and-set are Lua scripts (EVALSHA) with the owner token checked and the TTL set inside the script;
 * complete is a plain `SET … PX`. It remembers attempts (`remembersAttempts`): an event key outlives its lease
 * for `rememberMs`, so a claim after an attempt that died or gave up answers `'reclaimed'` and core writes no
 * in-flight marker of its own. Commands issued in the same turn leave in one socket write. When Redis cannot
 * be reached (or a call takes
 * longer than `commandTimeoutMs`) every method rejects with `PaywireError('ERR_STORE_UNAVAILABLE')`
 * (HTTP 503): the delivery is answered 503 + Retry-After and processed when the provider retries.
 *
 * @example
 * ```ts
 * import { createPaywire } from '@paywire/core'
 * import { redisStore } from '@paywire/redis'
 *
 * const store = redisStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' })
 * const paywire = createPaywire({ store, providers })
 * ```
 * @throws TypeError when the connection or options are malformed (at the call, never later).
 * @throws PaywireError `ERR_STORE_UNAVAILABLE` from every method while Redis is unreachable or slow.
 */
export function redisStore(connection: RedisConnection, options: RedisStoreOptions = {}): RedisStore {
  if (connection === null || typeof connection !== 'object')
    throw new TypeError('redisStore: pass { url }, { cluster: [nodes] } or { client }');
  const settings = resolveOptions(options);
  const { client, owned } = openClient(connection, settings);
  if (owned) client.on('error', () => {}); // connection errors surface as ERR_STORE_UNAVAILABLE on the calls
  const keys = keyLayout(settings.keyPrefix);
  const whenReady = readiness(client);
  const coalesce = coalescer(client);
  // On a ready client that enforces the command timeout itself (ours always do), a call is the command and
  // nothing more: no timer and no race of its own per call. Otherwise (connecting, or an app's client without a
  // `commandTimeout`) the call waits for the client under its own deadline.
  const timed = enforcesTimeout(client, settings.commandTimeoutMs);
  const call = <T>(operation: string, work: () => Promise<T>): Promise<T> => {
    if (timed && client.status === 'ready') {
      coalesce();
      return work().catch((err: unknown) => {
        throw unavailable(operation, err);
      });
    }
    return withDeadline(operation, settings.commandTimeoutMs, async () => {
      await whenReady();
      coalesce();
      return work();
    });
  };

  return {
    client,
    remembersAttempts: true,
    claim: (key, leaseMs, owner, rememberMs) =>
      call('claim an event', async () => {
        const args = [positiveMs(leaseMs), owner];
        if (rememberMs !== undefined) args.push(positiveMs(rememberMs));
        return (await runScript(client, CLAIM, keys.event(key), args)) as ClaimResult;
      }),
    renew: (key, leaseMs, owner) =>
      call(
        'renew a lease',
        async () => (await runScript(client, RENEW, keys.event(key), [positiveMs(leaseMs), owner])) === 1,
      ),
    release: (key, owner) =>
      call('release a lease', async () => void (await runScript(client, RELEASE, keys.event(key), [owner]))),
    // a plain SET replaces any lease with the done marker: no script needed
    complete: (key, ttlMs) =>
      call('mark an event done', async () => void (await client.set(keys.event(key), 'd', 'PX', positiveMs(ttlMs)))),
    getPayment: (provider: ProviderName, paymentId: string) =>
      call('read a payment', async () => {
        const value = await client.get(keys.payment(provider, paymentId));
        return value === null ? undefined : parseVersioned(value);
      }),
    putPayment: (record, expectedVersion, retentionMs) =>
      call('write a payment', async () => {
        const args = [expectedVersion, JSON.stringify(record), positiveMs(retentionMs)];
        return (await runScript(client, PUT_PAYMENT, keys.payment(record.provider, record.paymentId), args)) !== 0;
      }),
    get: (key) => call('read a value', async () => (await client.get(keys.value(key))) ?? undefined),
    set: (key, value, ttlMs) =>
      call('store a value', async () => void (await client.set(keys.value(key), value, 'PX', positiveMs(ttlMs)))),
    delete: (key) => call('delete a value', async () => void (await client.del(keys.value(key)))),
    async close() {
      if (owned && client.status !== 'end') await client.quit().catch(() => client.disconnect());
    },
  };
}
