import { randomUUID } from 'node:crypto';
import { isPaywireError, type PaymentRecord } from '@paywire/core';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster, startRedisServer, type RedisServer } from './__test-support__/redis-server.js';
import { redisStore, type RedisStore } from './index.js';

function record(paymentId: string, status: PaymentRecord['status'] = 'pending'): PaymentRecord {
  return {
    provider: 'waylet',
    paymentId,
    status,
    history: [],
    createdAt: 1,
    updatedAt: 1,
    amount: { value: '3.00', unit: 'major', currency: 'EUR' },
  };
}

/** Every key under the prefix, from every node. */
async function allKeys(store: RedisStore, prefix: string): Promise<string[]> {
  const nodes = store.client instanceof Cluster ? store.client.nodes('master') : [store.client];
  return (await Promise.all(nodes.map((n) => n.keys(`${prefix}*`)))).flat();
}

const targets: [string, () => Promise<{ store: (prefix: string) => RedisStore; stop(): Promise<void> }>][] = [
  [
    'one server',
    async () => {
      const server = await startRedisServer();
      return { store: (keyPrefix) => redisStore({ url: server.url }, { keyPrefix }), stop: () => server.stop() };
    },
  ],
  [
    'a 3-node cluster',
    async () => {
      const cluster = await startRedisCluster();
      return {
        store: (keyPrefix) => redisStore({ cluster: cluster.nodes }, { keyPrefix }),
        stop: () => cluster.stop(),
      };
    },
  ],
];

describe.each(targets)('redisStore on %s', (name, setup) => {
  let target: Awaited<ReturnType<typeof setup>>;
  let store: RedisStore;
  const prefix = `t${randomUUID().slice(0, 8)}:`;
  beforeAll(async () => {
    target = await setup();
    store = target.store(prefix);
  });
  afterAll(async () => {
    await store?.close();
    await target?.stop();
  });

  it('leases: claim, in_progress for others, renew and release only by the owner, done after complete', async () => {
    const id = `evt-${randomUUID()}`;
    expect(await store.claim(id, 5000, 'a')).toBe('claimed');
    expect(await store.claim(id, 5000, 'b')).toBe('in_progress');
    expect(await store.renew(id, 5000, 'b')).toBe(false);
    expect(await store.renew(id, 5000, 'a')).toBe(true);
    await store.release(id, 'b');
    expect(await store.claim(id, 5000, 'c')).toBe('in_progress');
    await store.release(id, 'a');
    expect(await store.claim(id, 5000, 'c')).toBe('reclaimed'); // it remembers the attempt that did not finish
    await store.complete(id, 60_000);
    expect(await store.claim(id, 5000, 'd')).toBe('done');
    expect(await store.renew(id, 5000, 'c')).toBe(false);
  });

  it('a lease expires after leaseMs; the late owner can neither renew nor release the next lease', async () => {
    const id = `evt-${randomUUID()}`;
    expect(await store.claim(id, 50, 'slow')).toBe('claimed');
    await new Promise((r) => setTimeout(r, 120));
    expect(await store.claim(id, 5000, 'next')).toBe('claimed');
    expect(await store.renew(id, 5000, 'slow')).toBe(false);
    await store.release(id, 'slow');
    expect(await store.claim(id, 5000, 'third')).toBe('in_progress');
  });

  it('remembers an attempt for rememberMs: the event key outlives its lease; renew extends, never shortens it', async () => {
    const id = `evt-${randomUUID()}`;
    const key = `${prefix}e:{${id}}`;
    expect(await store.claim(id, 5000, 'a', 3_600_000)).toBe('claimed');
    expect(await store.client.pttl(key)).toBeGreaterThan(3_500_000);
    expect(await store.renew(id, 5000, 'a')).toBe(true);
    expect(await store.client.pttl(key)).toBeGreaterThan(3_500_000);
    await store.release(id, 'a');
    expect(await store.client.get(key)).toBe('r');
    expect(await store.client.pttl(key)).toBeGreaterThan(3_500_000);

    const died = `evt-${randomUUID()}`;
    expect(await store.claim(died, 50, 'gone', 3_600_000)).toBe('claimed');
    await new Promise((r) => setTimeout(r, 120));
    expect(await store.claim(died, 5000, 'next', 3_600_000)).toBe('reclaimed');

    const short = `evt-${randomUUID()}`;
    expect(await store.claim(short, 5000, 'a', 100)).toBe('claimed');
    expect(await store.client.pttl(`${prefix}e:{${short}}`)).toBeGreaterThan(4_000); // never shorter than the lease
    expect(await store.renew(short, 60_000, 'a')).toBe(true);
    expect(await store.client.pttl(`${prefix}e:{${short}}`)).toBeGreaterThan(50_000);
  });

  it('ledger: compare-and-set by version, 0 = must not exist', async () => {
    const id = `order-${randomUUID()}`;
    expect(await store.getPayment('waylet', id)).toBeUndefined();
    expect(await store.putPayment(record(id), 0, 60_000)).toBe(true);
    expect(await store.putPayment(record(id), 0, 60_000)).toBe(false);
    expect(await store.getPayment('waylet', id)).toEqual({ version: 1, record: record(id) });
    expect(await store.putPayment(record(id, 'paid'), 1, 60_000)).toBe(true);
    expect(await store.putPayment(record(id, 'failed'), 1, 60_000)).toBe(false);
    expect(await store.getPayment('waylet', id)).toEqual({ version: 2, record: record(id, 'paid') });
    const racers = await Promise.all(
      Array.from({ length: 20 }, () => store.putPayment(record(id, 'refunded'), 2, 60_000)),
    );
    expect(racers.filter(Boolean)).toHaveLength(1);
  });

  it('values: set with a TTL, get, delete', async () => {
    const key = `etpay:session:${randomUUID()}`;
    expect(await store.get(key)).toBeUndefined();
    await store.set(key, '{"a":1}', 60_000);
    expect(await store.get(key)).toBe('{"a":1}');
    await store.delete(key);
    expect(await store.get(key)).toBeUndefined();
  });

  it('every key is under the prefix, has a TTL, and hash-tags its id', async () => {
    await store.claim('evt-ttl-lease', 60_000, 'o');
    await store.claim('evt-ttl-done', 60_000, 'o');
    await store.complete('evt-ttl-done', 3_600_000);
    await store.putPayment(record('ttl-order'), 0, 86_400_000);
    await store.set('ttl-value', 'x', 60_000);
    const keys = await allKeys(store, prefix);
    expect(keys.sort()).toEqual(
      expect.arrayContaining([
        `${prefix}e:{evt-ttl-done}`,
        `${prefix}e:{evt-ttl-lease}`,
        `${prefix}p:{waylet:ttl-order}`,
        `${prefix}v:{ttl-value}`,
      ]),
    );
    for (const key of keys) expect(await store.client.pttl(key), key).toBeGreaterThan(0);
  });

  it('commands issued in one turn leave in one socket write (one per cluster primary), answers unchanged', async () => {
    // loads the script on every node first (EVALSHA answered NOSCRIPT is sent again as EVAL)
    await Promise.all(Array.from({ length: 30 }, () => store.claim(`evt-${randomUUID()}`, 5000, 'o')));
    const sockets = (store.client instanceof Cluster ? store.client.nodes('master') : [store.client]).map(
      (node) => node.stream,
    );
    let writes = 0;
    let commandsWritten = 0;
    const restore = sockets.map((socket) => {
      const { _write, _writev } = socket as unknown as Record<string, (...a: unknown[]) => unknown>;
      Object.assign(socket, {
        _write(...a: unknown[]) {
          writes++;
          commandsWritten++;
          return _write!.apply(socket, a);
        },
        _writev(chunks: unknown[], ...rest: unknown[]) {
          writes++;
          commandsWritten += chunks.length;
          return _writev!.apply(socket, [chunks, ...rest]);
        },
      });
      return () => Object.assign(socket, { _write, _writev });
    });
    try {
      const ids = Array.from({ length: 30 }, () => `evt-${randomUUID()}`);
      const results = await Promise.all(ids.map((id) => store.claim(id, 5000, 'o')));
      expect(results).toEqual(ids.map(() => 'claimed'));
      expect(commandsWritten).toBe(30);
      expect(writes).toBeLessThanOrEqual(sockets.length);
    } finally {
      for (const undo of restore) undo();
    }
  });

  if (name === 'a 3-node cluster')
    it('spreads events over every cluster primary (the id is the hash tag, not the prefix)', async () => {
      if (!(store.client instanceof Cluster)) throw new Error('expected a cluster client');
      const ids = Array.from({ length: 60 }, (_, i) => `evt-spread-${i}`);
      for (const id of ids) await store.claim(id, 60_000, 'o');
      const perNode = await Promise.all(
        store.client.nodes('master').map(async (node) => (await node.keys(`${prefix}e:{evt-spread-*`)).length),
      );
      expect(perNode).toHaveLength(3);
      expect(perNode.every((count) => count > 0)).toBe(true);
      expect(perNode.reduce((a, b) => a + b, 0)).toBe(60);
    });
});

describe('redisStore while Redis is down', () => {
  let server: RedisServer;
  let store: RedisStore;
  beforeAll(async () => {
    server = await startRedisServer();
    store = redisStore({ url: server.url }, { commandTimeoutMs: 300 });
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it('rejects every method with ERR_STORE_UNAVAILABLE (503) within the timeout, then works again after a restart', async () => {
    expect(await store.claim('evt-before', 5000, 'a')).toBe('claimed');
    await server.stop();
    const calls = [
      store.claim('evt-x', 5000, 'a'),
      store.renew('evt-x', 5000, 'a'),
      store.release('evt-x', 'a'),
      store.complete('evt-x', 5000),
      store.getPayment('waylet', 'o'),
      store.putPayment(record('o'), 0, 5000),
      store.get('k'),
      store.set('k', 'v', 5000),
      store.delete('k'),
    ];
    const started = Date.now();
    const results = await Promise.allSettled(calls);
    expect(Date.now() - started).toBeLessThan(2000);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const reason = (result as PromiseRejectedResult).reason;
      expect(isPaywireError(reason, 'ERR_STORE_UNAVAILABLE')).toBe(true);
      expect(reason.httpStatus).toBe(503);
    }
    await server.start();
    const until = Date.now() + 10_000;
    let claim: unknown;
    while (Date.now() < until) {
      claim = await store.claim('evt-after', 5000, 'a').catch((e: unknown) => e);
      if (claim === 'claimed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(claim).toBe('claimed');
  });

  it('a Redis that stops answering (CLIENT PAUSE): every call rejects with ERR_STORE_UNAVAILABLE at the timeout', async () => {
    const paused = await startRedisServer();
    const { Redis } = await import('ioredis');
    const admin = new Redis(paused.url);
    // the store's own client (ioredis's commandTimeout is the deadline), and an app's client without one (the
    // store's own deadline per call)
    const own = redisStore({ url: paused.url }, { commandTimeoutMs: 300 });
    const appClient = new Redis(paused.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const given = redisStore({ client: appClient }, { commandTimeoutMs: 300 });
    try {
      for (const store of [own, given]) {
        expect(await store.claim(`evt-paused-before-${randomUUID()}`, 5000, 'a')).toBe('claimed');
        await admin.call('CLIENT', 'PAUSE', '1500', 'ALL');
        const started = Date.now();
        const results = await Promise.allSettled([
          store.claim('evt-paused', 5000, 'a'),
          store.getPayment('waylet', 'o'),
          store.complete('evt-paused', 5000),
        ]);
        const elapsed = Date.now() - started;
        expect(elapsed).toBeGreaterThanOrEqual(250);
        expect(elapsed).toBeLessThan(1200); // the 300 ms timeout, not the 1.5 s pause
        for (const result of results) {
          const reason = (result as PromiseRejectedResult).reason;
          expect(isPaywireError(reason, 'ERR_STORE_UNAVAILABLE')).toBe(true);
          expect(reason.message).toContain('(timeout)');
        }
        await admin.call('CLIENT', 'UNPAUSE');
      }
    } finally {
      await admin.call('CLIENT', 'UNPAUSE').catch(() => undefined);
      admin.disconnect();
      await own.close();
      appClient.disconnect();
      await paused.stop();
    }
  });

  it('refuses malformed options at the call', () => {
    expect(() => redisStore({} as never)).toThrow(TypeError);
    expect(() => redisStore({ url: 'redis://127.0.0.1:1' }, { commandTimeoutMs: 0 })).toThrow(TypeError);
  });
});
