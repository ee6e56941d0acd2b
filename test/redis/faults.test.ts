/**
 * Faults with two app processes (fixture-app.ts) on one Redis server, everything on 127.0.0.1:
 * - an instance SIGKILLed in the middle of a handler: once its lease expires, a redelivery to the other
 *   instance is processed, once;
 * - Redis stopped mid-run: deliveries answer 503 + Retry-After and nothing is marked done; after Redis restarts
 *   every event is processed once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { testing } from '@paywire/core/testing';
import { createSandbox, sandboxCredentials, type Sandbox } from '@paywire/sandbox';
import { redisStore, type RedisStore } from '@paywire/redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../packages/redis/src/__test-support__/redis-server.js';
import {
  freshDelivery,
  handledCounts,
  handledLines,
  pool,
  post,
  startInstance,
  type Answer,
  type Delivery,
  type Instance,
} from './instances.js';

const LEASE_MS = 3000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
}

describe('faults: two app instances on one Redis server', () => {
  let server: RedisServer;
  let sandbox: Sandbox;
  let store: RedisStore;
  let instances: Instance[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'paywire-faults-'));

  async function startPair(env: Record<string, string>[] = [{}, {}]): Promise<Instance[]> {
    const keyPrefix = `pw${randomUUID().slice(0, 8)}:`;
    store = redisStore({ url: server.url }, { keyPrefix });
    const base = {
      REDIS_URL: server.url,
      KEY_PREFIX: keyPrefix,
      SANDBOX_URL: sandbox.url,
      LEASE_MS: String(LEASE_MS),
      COMMAND_TIMEOUT_MS: '500',
    };
    instances = await Promise.all(
      env.map((extra, i) => startInstance({ ...base, COUNT_FILE: join(dir, `${keyPrefix}${i}.log`), ...extra })),
    );
    return instances;
  }

  beforeAll(async () => {
    server = await startRedisServer();
    sandbox = await createSandbox({ port: 0 });
  });
  afterEach(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await store?.close();
  });
  afterAll(async () => {
    await sandbox?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an instance SIGKILLed mid-handler: after its lease expires a redelivery to the other instance is processed once', async () => {
    const [a, b] = (await startPair([{ HANG: '1' }, {}])) as [Instance, Instance];
    const signed = testing.waylet.callback(
      { status: 'PAID', paymentId: `hang-${randomUUID()}`, amount: 300 },
      { secret: sandboxCredentials.waylet.secret },
    );
    const delivery: Delivery = { path: '/waylet', body: signed.body, headers: signed.headers };
    const first = post(a.url, delivery).catch((err: unknown) => err); // never answered: A dies
    const eventId = await until(
      'the handler to start on A',
      10_000,
      () => /^started (.+)$/m.exec(readFileSync(a.countFile, { encoding: 'utf8', flag: 'a+' }))?.[1],
    );
    await a.kill();
    expect(await first).toBeInstanceOf(Error); // the connection died with A
    const killedAt = Date.now();

    const during = await post(b.url, delivery);
    expect(during.status).toBe(409); // A's lease is still live
    expect(during.retryAfter).toMatch(/^\d+$/);
    const after = await until('B to process the redelivery', 10_000, async () => {
      const answer = await post(b.url, delivery);
      return answer.status === 409 ? undefined : answer;
    });
    expect(after.status).toBe(200);
    // only once the lease ran out: A renewed it every LEASE_MS / 3 until it died, so it lasted at least 2/3 of LEASE_MS
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(LEASE_MS / 2);
    expect((await post(b.url, delivery)).status).toBe(200); // a duplicate now
    expect(handledCounts([a, b])).toEqual(new Map([[eventId, 1]]));
    // B's claim found A's attempt unfinished (the store remembers it): its handler ran as the second attempt
    expect(handledLines([b]).filter((line) => line.startsWith('attempt '))).toEqual([`attempt 2 ${eventId}`]);
  }, 60_000);

  it('Redis stopped mid-run: 503 + Retry-After and nothing done; after the restart every event is processed once', async () => {
    const pair = await startPair();
    // ETpay is left out: its sessions live only in Redis, and this server keeps nothing across a restart.
    const providers = ['waylet', 'paylican', 'paykassma'] as const;
    const make = (n: number) =>
      pool(
        Array.from({ length: n }, (_, i) => providers[i % 3]!),
        20,
        (p) => freshDelivery(p, store),
      );
    const once = (d: Delivery) => post(pair[Math.floor(Math.random() * 2)]!.url, d);
    const send = (deliveries: Delivery[]) => pool(deliveries, 20, once);
    /**
     * Like a provider: again (bounded) while the answer is a 409 or 503 (a loaded machine can be slower than the
     * command timeout).
     */
    const sendUntilDone = (deliveries: Delivery[]) =>
      pool(deliveries, 20, async (d) => {
        for (let attempt = 0; ; attempt++) {
          const answer = await once(d);
          if (![409, 503].includes(answer.status) || attempt >= 50) return answer;
          await sleep(100);
        }
      });
    const before = await make(150);
    const during = await make(150);

    expect((await sendUntilDone(before)).map((a) => a.status)).toEqual(before.map(() => 200));
    await server.stop();
    const refused: Answer[] = await send(during);
    expect(new Set(refused.map((a) => a.status))).toEqual(new Set([503]));
    for (const answer of refused) {
      expect(answer.retryAfter).toMatch(/^\d+$/);
      expect(JSON.parse(answer.body).error.code).toBe('ERR_STORE_UNAVAILABLE');
    }
    expect(handledCounts(pair).size).toBe(before.length); // no handler ran for a refused delivery

    await server.start();
    await until('the instances to reconnect', 15_000, async () =>
      (await post(pair[0]!.url, during[0]!)).status === 200 ? true : undefined,
    );
    await until('the other instance to reconnect', 15_000, async () =>
      (await post(pair[1]!.url, during[1]!)).status === 200 ? true : undefined,
    );
    expect((await sendUntilDone(during)).map((a) => a.status)).toEqual(during.map(() => 200));
    const counts = handledCounts(pair);
    expect(counts.size).toBe(before.length + during.length);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
  }, 90_000);
});
