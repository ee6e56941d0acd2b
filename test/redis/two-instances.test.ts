/**
 * Two Express app processes (fixture-app.ts) on one Redis — a single server, then a 3-node Redis Cluster:
 * 5,000 signed deliveries across the four providers, 30% of them duplicates, sent at random to either instance,
 * 100 at a time → every unique event is handled exactly once. And an ETpay session created through instance A
 * is verified on instance B. Everything on 127.0.0.1; Redis processes started here and stopped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createSandbox, type Sandbox } from '@paywire/sandbox';
import { redisStore, type RedisStore } from '@paywire/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster, startRedisServer } from '../../packages/redis/src/__test-support__/redis-server.js';
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

const PROVIDERS = ['waylet', 'paylican', 'paykassma', 'etpay'] as const;
const TOTAL = 5000;
const UNIQUE = 3500; // the other 1,500 (30%) are duplicates of these

type Target = {
  connection: { url: string } | { cluster: { host: string; port: number }[] };
  env: Record<string, string>;
  stop(): Promise<void>;
};

const targets: [string, () => Promise<Target>][] = [
  [
    'one Redis server',
    async () => {
      const server = await startRedisServer();
      return { connection: { url: server.url }, env: { REDIS_URL: server.url }, stop: () => server.stop() };
    },
  ],
  [
    'a 3-node Redis Cluster',
    async () => {
      const cluster = await startRedisCluster();
      return {
        connection: { cluster: cluster.nodes },
        env: { REDIS_CLUSTER: JSON.stringify(cluster.nodes) },
        stop: () => cluster.stop(),
      };
    },
  ],
];

/** Sends a delivery like a provider: to a random instance, again (to a random instance) while it answers 409. */
async function deliver(instances: readonly Instance[], delivery: Delivery): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    const answer = await post(instances[Math.floor(Math.random() * instances.length)]!.url, delivery);
    if (answer.status !== 409 || attempt >= 200) return answer;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(targets)('two app instances on %s', (_name, setup) => {
  let target: Target;
  let sandbox: Sandbox;
  let store: RedisStore;
  let instances: Instance[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'paywire-two-instances-'));
  const keyPrefix = `pw${randomUUID().slice(0, 8)}:`;

  beforeAll(async () => {
    target = await setup();
    sandbox = await createSandbox({ port: 0 });
    store = redisStore(target.connection, { keyPrefix });
    const env = { ...target.env, KEY_PREFIX: keyPrefix, SANDBOX_URL: sandbox.url, LEASE_MS: '5000' };
    instances = await Promise.all(
      ['a', 'b'].map((name) => startInstance({ ...env, COUNT_FILE: join(dir, `${name}.log`) })),
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await store?.close();
    await sandbox?.close();
    await target?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it(`${TOTAL} deliveries (30% duplicates, four providers, 100 concurrent, random instance) → each unique event handled once`, async () => {
    const unique = await pool(
      Array.from({ length: UNIQUE }, (_, i) => PROVIDERS[i % PROVIDERS.length]!),
      50,
      (provider) => freshDelivery(provider, store),
    );
    const all = [
      ...unique,
      ...Array.from({ length: TOTAL - UNIQUE }, () => unique[Math.floor(Math.random() * UNIQUE)]!),
    ];
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    const answers = await pool(all, 100, (d) => deliver(instances, d));
    const statuses = new Map<number, number>();
    for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    expect(Object.fromEntries(statuses)).toEqual({ 200: TOTAL });
    const counts = handledCounts(instances);
    expect(counts.size).toBe(UNIQUE);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    // both instances did part of the work
    for (const instance of instances) expect(handledLines([instance]).length).toBeGreaterThan(UNIQUE / 10);
  }, 120_000);

  it('an ETpay session created through instance A is verified on instance B', async () => {
    const [a, b] = instances as [Instance, Instance];
    const res = await fetch(`${a.url}/etpay/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: `etpay${Date.now()}`, amount: 15990, webhookUrl: `${b.url}/webhooks/etpay` }),
    });
    expect(res.status).toBe(200);
    const { sessionToken } = (await res.json()) as { sessionToken: string };
    const before = handledLines([b]).length;
    const paid = await fetch(`${sandbox.url}/etpay/session/${sessionToken}/pay`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(paid.status).toBeLessThan(400);
    await sandbox.settled();
    const attempts = sandbox.state.get('etpay', sessionToken)?.attempts ?? [];
    expect(attempts.map((c) => c.status)).toEqual([200]);
    expect(handledLines([b]).length).toBe(before + 1);
  });
});
