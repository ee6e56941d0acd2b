/**
 * Exactly-once under crashes: a real merchant app (child process) whose handler inserts through `tx`, SIGKILLed
 * before and after the commit; the provider's redeliveries go to a fresh process on the same database.
 */
import { testing } from '@paywire/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchantWaylet } from './__fixtures__/merchant-config.js';
import { deliverUntilOk, post, startMerchant, type MerchantProcess } from './__fixtures__/merchant-process.js';
import { startPostgres, type PostgresServer } from './__fixtures__/postgres-server.js';

let server: PostgresServer;
let db: pg.Pool;
const running: MerchantProcess[] = [];
const start = async (env: Record<string, string> = {}) => {
  const app = await startMerchant({ DATABASE_URL: server.url, ...env });
  running.push(app);
  return app;
};
const rowsFor = async (paymentId: string) =>
  (await db.query<{ pid: number }>('select pid from shop.orders where payment_id = $1', [paymentId])).rows;

beforeAll(async () => {
  server = await startPostgres();
  db = new pg.Pool({ connectionString: server.url, max: 2 });
  await db.query(
    'create schema shop; create table shop.orders (id bigserial primary key, event_id text not null, payment_id text, pid integer)',
  );
});
afterAll(async () => {
  for (const app of running) await app.kill();
  await db?.end();
  await server?.stop();
});

describe('transactional handlers survive SIGKILL', () => {
  it('killed after the handler inserted but before the commit → redeliveries leave exactly one row', async () => {
    const doomed = await start({ MODE: 'hang-before-commit' });
    const delivery = testing.waylet.callback(
      { status: 'PAID', paymentId: 'order-kill-1', amount: 300 },
      { secret: merchantWaylet.secret },
    );
    const first = post(doomed.url, delivery);
    await doomed.waitFor('INSERTED');
    expect(await rowsFor('order-kill-1')).toEqual([]); // the insert is inside the open transaction
    await doomed.kill();
    expect((await first).status).toBe(0); // the provider saw the connection drop: it retries

    const survivor = await start();
    const answers = await deliverUntilOk(() => survivor.url, delivery); // 409 while PostgreSQL notices the dead client
    expect(answers.at(-1)).toEqual({ status: 200, outcome: 'processed' });
    expect(await post(survivor.url, delivery)).toEqual({ status: 200, outcome: 'duplicate' });
    expect(await rowsFor('order-kill-1')).toEqual([{ pid: survivor.child.pid }]);
  }, 60_000);

  it('killed after the commit but before the HTTP answer → the redelivery is a duplicate, still one row', async () => {
    const doomed = await start({ MODE: 'hang-after-commit' });
    const delivery = testing.waylet.callback(
      { status: 'PAID', paymentId: 'order-kill-2', amount: 300 },
      { secret: merchantWaylet.secret },
    );
    const first = post(doomed.url, delivery);
    await doomed.waitFor('COMMITTED');
    await doomed.kill();
    expect((await first).status).toBe(0);
    expect(await rowsFor('order-kill-2')).toEqual([{ pid: doomed.child.pid }]);

    const survivor = await start();
    expect(await deliverUntilOk(() => survivor.url, delivery)).toEqual([{ status: 200, outcome: 'duplicate' }]);
    expect(await rowsFor('order-kill-2')).toEqual([{ pid: doomed.child.pid }]);
  }, 60_000);
});
