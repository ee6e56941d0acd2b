/**
 * Two merchant app processes on one database, a retrying sender: 5,000 deliveries (30% duplicates) to a random
 * instance, 100 at a time, with 10% of handler runs failing after their insert → exactly one row per unique event.
 */
import { testing, type TestDelivery } from '@paywire/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { merchantWaylet } from './__fixtures__/merchant-config.js';
import { deliverUntilOk, startMerchant, type MerchantProcess } from './__fixtures__/merchant-process.js';
import { startPostgres, type PostgresServer } from './__fixtures__/postgres-server.js';

const DELIVERIES = 5000;
const UNIQUE = 3500; // the other 1,500 deliveries (30%) repeat one of these
const CONCURRENCY = 100;

let server: PostgresServer;
let db: pg.Pool;
const apps: MerchantProcess[] = [];

beforeAll(async () => {
  server = await startPostgres();
  db = new pg.Pool({ connectionString: server.url, max: 2 });
  await db.query(
    'create schema shop; create table shop.orders (id bigserial primary key, event_id text not null, payment_id text, pid integer)',
  );
  apps.push(...(await Promise.all([0, 1].map(() => startMerchant({ DATABASE_URL: server.url, FAIL_RATE: '0.1' })))));
}, 60_000);
afterAll(async () => {
  for (const app of apps) await app.kill();
  await db?.end();
  await server?.stop();
});

it('5,000 deliveries, 30% duplicates, 2 instances, 10% handler failures → one row per unique event, none missing', async () => {
  const unique: TestDelivery[] = Array.from({ length: UNIQUE }, (_, i) =>
    testing.waylet.callback(
      { status: 'PAID', paymentId: `order-${i}`, amount: 300 + i },
      { secret: merchantWaylet.secret },
    ),
  );
  const queue = [
    ...unique,
    ...Array.from({ length: DELIVERIES - UNIQUE }, () => unique[Math.floor(Math.random() * UNIQUE)]!),
  ];
  for (let i = queue.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [queue[i], queue[j]] = [queue[j]!, queue[i]!];
  }
  const statuses = new Map<number, number>();
  const outcomes = new Map<string, number>();
  const randomApp = () => apps[Math.floor(Math.random() * apps.length)]!.url;
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const delivery = queue[next++]!;
      for (const a of await deliverUntilOk(randomApp, delivery, { attempts: 200, delayMs: 10 })) {
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        if (a.status === 200) outcomes.set(a.outcome, (outcomes.get(a.outcome) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  const { rows } = await db.query<{ payment_id: string; n: string; pids: string }>(
    'select payment_id, count(*) as n, count(distinct pid) as pids from shop.orders group by payment_id',
  );
  expect(rows.length).toBe(UNIQUE); // none missing
  expect(rows.filter((r) => r.n !== '1')).toEqual([]); // none twice
  expect(
    new Set((await db.query<{ pid: number }>('select distinct pid from shop.orders')).rows.map((r) => r.pid)).size,
  ).toBe(2);
  expect(outcomes.get('processed')).toBe(UNIQUE);
  expect(outcomes.get('duplicate')).toBe(DELIVERIES - UNIQUE);
  expect(statuses.get(500) ?? 0).toBeGreaterThan(0); // failures happened and were retried
  console.log(`two-instances: answers by status ${JSON.stringify(Object.fromEntries(statuses))}`);
}, 300_000);
