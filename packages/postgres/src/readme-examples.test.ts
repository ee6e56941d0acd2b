/**
 * The README's handlers run for real: Drizzle and Kysely on `tx`, and a NestJS `@OnPaymentPaid()` method getting
 * `{ tx }`.
 */
import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { createPaywire, type Paywire } from '@paywire/core';
import { testing } from '@paywire/core/testing';
import { PAYWIRE, PaymentsModule } from '@paywire/nestjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchantWaylet } from './__fixtures__/merchant-config.js';
import { startPostgres, type PostgresServer } from './__fixtures__/postgres-server.js';
import { markPaidWithDrizzle, markPaidWithKysely, Orders } from './__fixtures__/readme-examples.js';
import { postgresStore, type PostgresStore } from './index.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
let server: PostgresServer;
let store: PostgresStore;

beforeAll(async () => {
  server = await startPostgres();
  store = postgresStore({ connectionString: server.url });
  // `orders` for the Nest example (public schema), `shop.orders` for Drizzle and Kysely
  await store.pool
    .query(`create schema shop; create table shop.orders (id text primary key, paid boolean not null default false);
    create table orders (id text primary key, paid boolean not null default false);
    insert into shop.orders (id) values ('order-d'), ('order-k'); insert into orders (id) values ('order-n')`);
});
afterAll(async () => {
  await store?.close();
  await server?.stop();
});

const paid = async (table: string, id: string) =>
  (await store.pool.query(`select paid from ${table} where id = $1`, [id])).rows[0]?.paid as boolean;
const deliver = async (paywire: Paywire, paymentId: string) => {
  const d = testing.waylet.callback({ status: 'PAID', paymentId, amount: 300 }, { secret: merchantWaylet.secret });
  return paywire.webhooks.handle({ provider: 'waylet', rawBody: d.body, headers: d.headers });
};

describe('README handlers on a real database', () => {
  it('Drizzle and Kysely write through tx, and roll back with it', async () => {
    const paywire = createPaywire({ providers: { waylet: merchantWaylet }, store, logger: silent }) as Paywire;
    paywire.on('payment.paid', markPaidWithDrizzle);
    paywire.on('payment.paid', markPaidWithKysely);
    expect((await deliver(paywire, 'order-d')).outcome).toBe('processed');
    expect((await deliver(paywire, 'order-k')).outcome).toBe('processed');
    expect([await paid('shop.orders', 'order-d'), await paid('shop.orders', 'order-k')]).toEqual([true, true]);

    await store.pool.query(`insert into shop.orders (id) values ('order-x')`);
    const off = paywire.on('payment.paid', () => {
      throw new Error('after the ORM writes');
    });
    expect((await deliver(paywire, 'order-x')).outcome).toBe('handler_failed');
    off();
    expect(await paid('shop.orders', 'order-x')).toBe(false);
  });

  it('a NestJS @OnPaymentPaid() method gets { tx } and its write commits with the delivery', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [PaymentsModule.forRoot({ providers: { waylet: merchantWaylet }, store, logger: silent })],
      providers: [Orders],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const reply = await deliver(app.get<Paywire>(PAYWIRE), 'order-n');
      expect([reply.status, reply.outcome]).toEqual([200, 'processed']);
      expect(await paid('orders', 'order-n')).toBe(true);
    } finally {
      await app.close();
    }
  });
});
