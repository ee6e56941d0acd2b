import { isPaywireError, type PaymentRecord } from '@paywire/core';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from './__fixtures__/postgres-server.js';
import { MIGRATIONS, postgresStore, type PostgresStore } from './index.js';
import { runMigrations } from './migrations.js';

/** A promise and the function that resolves it: one side waits for the other to reach a point. */
function latch(): { promise: Promise<void>; open: () => void } {
  let opened!: () => void;
  const promise = new Promise<void>((resolve) => (opened = resolve));
  return { promise, open: opened };
}

let server: PostgresServer;
const stores: PostgresStore[] = [];
const open = (schema: string, extra: Parameters<typeof postgresStore>[1] = {}) => {
  const store = postgresStore({ connectionString: server.url }, { schema, ...extra });
  stores.push(store);
  return store;
};

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  for (const s of stores) await s.close();
  await server?.stop();
});

const record = (over: Partial<PaymentRecord> = {}): PaymentRecord => ({
  provider: 'waylet',
  paymentId: 'order-1',
  status: 'pending',
  history: [],
  createdAt: 1,
  updatedAt: 1,
  ...over,
});

describe('postgresStore: migrations', () => {
  it('instances starting together apply each migration once; migrate() is then a no-op', async () => {
    const many = Array.from({ length: 5 }, () => open('race'));
    const applied = await Promise.all(many.map((s) => s.migrate()));
    expect(applied.flat()).toEqual([1, 2, 3]);
    expect(await many[0]!.migrate()).toEqual([]);
    const { rows } = await many[0]!.pool.query('select version, name from race.migrations');
    expect(rows).toEqual([
      { version: 1, name: 'dedup, payments and kv tables' },
      { version: 2, name: 'functions of the transactional path' },
      { version: 3, name: 'one done marker per event, written at commit' },
    ]);
  });

  it('autoMigrate: false leaves the schema alone until migrate()', async () => {
    const store = open('manual', { autoMigrate: false });
    await expect(store.get('x')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    expect(await store.migrate()).toEqual([1, 2, 3]);
    expect(await store.get('x')).toBeUndefined();
  });

  it('autoMigrate: false on a schema at an older migration: a clear error until migrate(), then it works', async () => {
    const store = open('behind', { autoMigrate: false });
    expect(await runMigrations(store.pool, 'behind', MIGRATIONS.slice(0, 1))).toEqual([1]);
    const status = await store.migrationStatus();
    expect([status.current, status.pending.map((m) => m.version)]).toEqual([1, [2, 3]]);
    const err = await store.get('x').catch((e: unknown) => e);
    expect(isPaywireError(err) && err.code).toBe('ERR_STORE_UNAVAILABLE');
    expect((err as Error).message).toContain('schema "behind" is at migration 1, this version needs 3');
    expect(await store.migrate()).toEqual([2, 3]);
    expect(await store.get('x')).toBeUndefined();
    expect((await store.migrationStatus()).pending).toEqual([]);
  });

  it('migrationStatus() of a database never migrated creates nothing', async () => {
    const store = open('never', { autoMigrate: false });
    const status = await store.migrationStatus();
    expect([status.current, status.applied, status.pending.map((m) => m.version)]).toEqual([0, [], [1, 2, 3]]);
    expect((await store.pool.query(`select to_regnamespace('never') as n`)).rows).toEqual([{ n: null }]);
  });

  it('refuses a malformed schema name or connection at the call', () => {
    expect(() => postgresStore({ connectionString: server.url }, { schema: 'a"; drop' })).toThrow(TypeError);
    expect(() => postgresStore({ connectionString: '' })).toThrow(TypeError);
    expect(() => postgresStore({} as never)).toThrow(TypeError);
  });
});

describe('postgresStore: transactional.runEvent', () => {
  it('commits work, the done marker and the ledger together; a later run is done', async () => {
    const store = open('tx1');
    await store.migrate();
    await store.pool.query('create table tx1.orders (id text primary key)');
    const ran = await store.transactional.runEvent('evt-1', { lockTimeoutMs: 1000 }, async (tx) => {
      await (tx.client as pg.PoolClient).query(`insert into tx1.orders values ('o1')`);
      expect(await tx.putPayment(record(), 0, 60_000)).toBe(true);
      await tx.complete(60_000);
      return 42;
    });
    expect(ran).toEqual({ status: 'ran', value: 42 });
    expect(await store.transactional.runEvent('evt-1', { lockTimeoutMs: 1000 }, async () => 0)).toEqual({
      status: 'done',
    });
    expect(await store.claim('evt-1', 1000, 'x')).toBe('done');
    expect((await store.getPayment('waylet', 'order-1'))?.version).toBe(1);
  });

  it('a throwing work rolls back its writes, the ledger and the marker, and rethrows', async () => {
    const store = open('tx2');
    await store.migrate();
    await store.pool.query('create table tx2.orders (id text primary key)');
    const boom = new Error('boom');
    await expect(
      store.transactional.runEvent('evt-2', { lockTimeoutMs: 1000 }, async (tx) => {
        await (tx.client as pg.PoolClient).query(`insert into tx2.orders values ('o2')`);
        await tx.putPayment(record(), 0, 60_000);
        await tx.complete(60_000);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect((await store.pool.query('select * from tx2.orders')).rows).toEqual([]);
    expect(await store.getPayment('waylet', 'order-1')).toBeUndefined();
    expect(await store.claim('evt-2', 1000, 'x')).toBe('claimed');
  });

  it('a concurrent delivery of the same event waits, then finds it done; past lockTimeoutMs it is in_progress', async () => {
    const store = open('tx3');
    await store.migrate();
    const { promise: gate, open: release } = latch();
    const first = store.transactional.runEvent('evt-3', { lockTimeoutMs: 1000 }, async (tx) => {
      await gate;
      await tx.complete(60_000);
      return 'first';
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(await store.transactional.runEvent('evt-3', { lockTimeoutMs: 50 }, async () => 'second')).toEqual({
      status: 'in_progress',
    });
    const waiting = store.transactional.runEvent('evt-3', { lockTimeoutMs: 5000 }, async () => 'third');
    release();
    expect(await first).toEqual({ status: 'ran', value: 'first' });
    expect(await waiting).toEqual({ status: 'done' });
  });

  it('a transaction a handler broke (caught error, went on) is reported as failed, not committed', async () => {
    const store = open('tx4');
    await store.migrate();
    const run = store.transactional.runEvent('evt-4', { lockTimeoutMs: 1000 }, async (tx) => {
      await (tx.client as pg.PoolClient).query('select * from no_such_table').catch(() => undefined);
      await tx.complete(60_000).catch(() => undefined);
    });
    await expect(run).rejects.toSatisfy((e) => isPaywireError(e) && e.code === 'ERR_HANDLER_FAILED');
    expect(await store.claim('evt-4', 1000, 'x')).toBe('claimed');
  });

  it('work that does not mark the event done leaves no lease behind', async () => {
    const store = open('tx5');
    expect(await store.transactional.runEvent('evt-5', { lockTimeoutMs: 1000 }, async () => 'ok')).toEqual({
      status: 'ran',
      value: 'ok',
    });
    expect(await store.claim('evt-5', 1000, 'x')).toBe('claimed');
  });
});

describe('postgresStore: the event lock and the done marker written at commit', () => {
  it('claim() while a transactional delivery holds the event answers in_progress, then done', async () => {
    const store = open('evlock');
    await store.migrate();
    const { promise: gate, open: release } = latch();
    const { promise: running, open: started } = latch();
    const delivery = store.transactional.runEvent('evt-l', { lockTimeoutMs: 1000 }, async (tx) => {
      started();
      await gate;
      await tx.complete(60_000);
    });
    await running;
    expect(await store.claim('evt-l', 1000, 'x')).toBe('in_progress');
    expect((await store.pool.query('select * from evlock.dedup')).rows).toEqual([]); // no lease row meanwhile
    release();
    expect((await delivery).status).toBe('ran');
    expect(await store.claim('evt-l', 1000, 'x')).toBe('done');
  });

  it('a live lease of claim() makes runEvent in_progress; once it expires runEvent runs and writes the marker over it', async () => {
    const store = open('evlease');
    expect(await store.claim('evt-e', 150, 'holder')).toBe('claimed');
    expect(await store.transactional.runEvent('evt-e', { lockTimeoutMs: 1000 }, async () => 1)).toEqual({
      status: 'in_progress',
    });
    await new Promise((r) => setTimeout(r, 200));
    const ran = await store.transactional.runEvent('evt-e', { lockTimeoutMs: 1000 }, async (tx) => {
      await tx.complete(60_000);
      return 2;
    });
    expect(ran).toEqual({ status: 'ran', value: 2 });
    expect((await store.pool.query(`select state, owner from evlease.dedup where key = 'evt-e'`)).rows).toEqual([
      { state: 'done', owner: null },
    ]);
  });

  it("an instance not upgraded yet (migration 2's lock_event, replaced by migration 3) and an upgraded one take turns", async () => {
    const store = open('rolling');
    await store.migrate();
    await store.pool.query('create table rolling.orders (id text primary key)');
    const old = await store.pool.connect();
    await old.query(`BEGIN; SELECT * FROM rolling.lock_event('evt-r', 'old-owner', 60000, '1000ms')`);
    let ran = false;
    const delivery = store.transactional.runEvent('evt-r', { lockTimeoutMs: 5000 }, async () => void (ran = true));
    await new Promise((r) => setTimeout(r, 200));
    await old.query(`INSERT INTO rolling.orders VALUES ('old')`);
    await old.query(`SELECT rolling.finish_event('evt-r', 'old-owner', 60000, NULL, NULL, NULL); COMMIT`);
    old.release();
    expect(await delivery).toEqual({ status: 'done' }); // it waited for the event's lock, then found the marker
    expect(ran).toBe(false);
    // and the other way round: the old instance waits for the upgraded one, then finds its marker
    const { promise: gate, open: release } = latch();
    const upgraded = store.transactional.runEvent('evt-r2', { lockTimeoutMs: 1000 }, async (tx) => {
      await gate;
      await tx.complete(60_000);
    });
    await new Promise((r) => setTimeout(r, 100));
    const other = await store.pool.connect();
    const waiting = other.query(`BEGIN; SELECT * FROM rolling.lock_event('evt-r2', 'old-owner', 60000, '5000ms')`);
    release();
    expect((await upgraded).status).toBe('ran');
    const [, locked] = (await waiting) as unknown as { rows: { o_state: string; o_live: boolean }[] }[];
    expect(locked!.rows[0]).toMatchObject({ o_state: 'done', o_live: true });
    await other.query('ROLLBACK');
    other.release();
  });

  it('a marker written meanwhile without the lock (a transaction of migration 2 begun before migration 3) wins: the delivery rolls back', async () => {
    const store = open('mixed');
    expect(await runMigrations(store.pool, 'mixed', MIGRATIONS.slice(0, 2))).toEqual([1, 2]);
    const old = await store.pool.connect();
    await old.query(`BEGIN; SELECT * FROM mixed.lock_event('evt-m', 'old-owner', 60000, '1000ms')`);
    expect(await store.migrate()).toEqual([3]);
    await store.pool.query('create table mixed.orders (id text primary key)');
    let settled = false;
    const delivery = store.transactional
      .runEvent('evt-m', { lockTimeoutMs: 1000 }, async (tx) => {
        await (tx.client as pg.PoolClient).query(`insert into mixed.orders values ('new')`);
        await tx.complete(60_000);
      })
      .catch((e: unknown) => e)
      .finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(settled).toBe(false); // its done marker waits for the old transaction's row
    await old.query(`INSERT INTO mixed.orders VALUES ('old')`);
    await old.query(`SELECT mixed.finish_event('evt-m', 'old-owner', 60000, NULL, NULL, NULL); COMMIT`);
    old.release();
    const err = await delivery;
    expect(isPaywireError(err) && [err.code, err.httpStatus]).toEqual(['ERR_STORE_UNAVAILABLE', 503]);
    expect((await store.pool.query('select id from mixed.orders')).rows).toEqual([{ id: 'old' }]);
    expect(await store.transactional.runEvent('evt-m', { lockTimeoutMs: 1000 }, async () => 0)).toEqual({
      status: 'done',
    });
  });
});

describe('postgresStore: round trips and the kept ledger write', () => {
  /** Counts the statements sent on the store's connections (node-postgres sends one at a time: one round trip each). */
  const countQueries = (store: PostgresStore) => {
    const seen = new WeakSet<pg.PoolClient>();
    const counter = { n: 0 };
    store.pool.on('acquire', (client) => {
      if (seen.has(client)) return;
      seen.add(client);
      const query = client.query.bind(client) as (...a: unknown[]) => unknown;
      (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
        counter.n++;
        return query(...a);
      };
    });
    return counter;
  };

  it('a delivery that reads and writes the ledger and marks done costs 3 round trips of the store', async () => {
    const store = open('rt');
    await store.migrate();
    const counter = countQueries(store);
    for (const [eventId, paymentId] of [
      ['evt-new', 'new-payment'],
      ['evt-again', 'new-payment'], // an existing record: the same count
    ] as const) {
      counter.n = 0;
      const ran = await store.transactional.runEvent(eventId, { lockTimeoutMs: 1000 }, async (tx) => {
        const current = await tx.getPayment('waylet', paymentId);
        const next = record({
          paymentId,
          history: [...(current?.record.history ?? []), { eventId, type: 'payment.pending', at: 1 }],
        });
        expect(await tx.putPayment(next, current?.version ?? 0, 60_000)).toBe(true);
        await tx.complete(60_000);
      });
      expect([ran.status, counter.n]).toEqual(['ran', 3]);
    }
    expect((await store.getPayment('waylet', 'new-payment'))?.version).toBe(2);
    counter.n = 0;
    expect(await store.transactional.runEvent('evt-new', { lockTimeoutMs: 1000 }, async () => 0)).toEqual({
      status: 'done',
    });
    expect(counter.n).toBe(2); // BEGIN + lock, ROLLBACK
  });

  it('naming the payment locks and reads its record with the event: 2 round trips of the store', async () => {
    const store = open('rtpayment');
    await store.migrate();
    const counter = countQueries(store);
    for (const [eventId, history] of [
      ['evt-p1', 0],
      ['evt-p2', 1], // an existing record, handed to the first getPayment from the same round trip
    ] as const) {
      counter.n = 0;
      const payment = { provider: 'waylet' as const, paymentId: 'paid-once' };
      const ran = await store.transactional.runEvent(eventId, { lockTimeoutMs: 1000, payment }, async (tx) => {
        const current = await tx.getPayment('waylet', 'paid-once');
        expect(current?.record.history.length ?? 0).toBe(history);
        const next = record({
          paymentId: 'paid-once',
          history: [...(current?.record.history ?? []), { eventId, type: 'payment.pending', at: 1 }],
        });
        expect(await tx.putPayment(next, current?.version ?? 0, 60_000)).toBe(true);
        await tx.complete(60_000);
      });
      expect([ran.status, counter.n]).toEqual(['ran', 2]);
    }
    expect((await store.getPayment('waylet', 'paid-once'))?.version).toBe(2);
  });

  it('a creator outside the store overtakes the kept write → the delivery rolls back (ERR_STORE_UNAVAILABLE)', async () => {
    const store = open('overtaken');
    await store.migrate();
    await store.pool.query('create table overtaken.orders (id text primary key)');
    const err = await store.transactional
      .runEvent('evt-o', { lockTimeoutMs: 1000 }, async (tx) => {
        expect(await tx.getPayment('waylet', 'order-1')).toBeUndefined();
        expect(await tx.putPayment(record(), 0, 60_000)).toBe(true); // kept for the COMMIT
        await (tx.client as pg.PoolClient).query(`insert into overtaken.orders values ('o1')`);
        // someone writing the table directly (not through the store, so without its advisory lock)
        await store.pool.query(
          `insert into overtaken.payments (provider, payment_id, version, record, expires_at)
           values ('waylet', 'order-1', 1, $1::jsonb, now() + interval '1 hour')`,
          [JSON.stringify(record({ status: 'canceled' }))],
        );
        await tx.complete(60_000);
      })
      .catch((e: unknown) => e);
    expect(isPaywireError(err) && [err.code, err.httpStatus]).toEqual(['ERR_STORE_UNAVAILABLE', 503]);
    expect((await store.pool.query('select * from overtaken.orders')).rows).toEqual([]);
    expect((await store.getPayment('waylet', 'order-1'))?.record.status).toBe('canceled');
    expect(await store.claim('evt-o', 1000, 'x')).toBe('claimed'); // not marked done
  });

  it("the store's own putPayment(…, 0) waits for a delivery that read no record, then finds it", async () => {
    const store = open('creator');
    await store.migrate();
    const { promise: gate, open: release } = latch();
    const { promise: hasRead, open: read } = latch();
    const delivery = store.transactional.runEvent('evt-c', { lockTimeoutMs: 1000 }, async (tx) => {
      expect(await tx.getPayment('waylet', 'order-1')).toBeUndefined();
      read();
      await gate;
      expect(await tx.putPayment(record({ status: 'paid' }), 0, 60_000)).toBe(true);
      await tx.complete(60_000);
    });
    await hasRead;
    let settled = false;
    const creator = store.putPayment(record(), 0, 60_000).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(settled).toBe(false); // waiting on the delivery's lock
    release();
    expect((await delivery).status).toBe('ran');
    expect(await creator).toBe(false); // the compare-and-set lost: the caller reads again
    expect((await store.getPayment('waylet', 'order-1'))?.record.status).toBe('paid');
  });
});

describe('postgresStore: cleanup and failures', () => {
  it('deletes expired rows, skipping rows a delivery holds locked', async () => {
    const store = open('clean', { cleanupIntervalMs: 0 });
    await store.set('short', 'v', 1);
    await store.complete('done-short', 1);
    await store.set('long', 'v', 60_000);
    await new Promise((r) => setTimeout(r, 20));
    const locker = await store.pool.connect();
    await locker.query('begin');
    await locker.query(`select * from clean.kv where key = 'short' for update`);
    expect(await store.cleanup()).toBe(1); // the done marker; the locked kv row is skipped, not waited for
    await locker.query('rollback');
    locker.release();
    expect(await store.cleanup()).toBe(1);
    expect(await store.get('long')).toBe('v');
  });

  it('an unreachable database rejects with ERR_STORE_UNAVAILABLE, without the connection string', async () => {
    const store = postgresStore({
      connectionString: 'postgres://u:hunter2@127.0.0.1:1/db',
      poolConfig: { connectionTimeoutMillis: 2000 },
    });
    stores.push(store);
    const err = await store.claim('k', 1000, 'o').catch((e: unknown) => e);
    expect(isPaywireError(err) && err.code).toBe('ERR_STORE_UNAVAILABLE');
    expect(isPaywireError(err) && err.httpStatus).toBe(503);
    expect(String((err as Error).message)).not.toContain('hunter2');
    await expect(store.transactional.runEvent('k', { lockTimeoutMs: 10 }, async () => 1)).rejects.toMatchObject({
      code: 'ERR_STORE_UNAVAILABLE',
    });
  });
});
