/**
 * The README's code blocks, type-checked by the workspace's `tsc` (keep both in step). The Drizzle and Kysely
 * handlers also run against a real database in handlers.test.ts.
 */
import { Injectable } from '@nestjs/common';
import { createPaywire, type PaymentEvent, type Paywire, type PaywireBase, type ProvidersOptions } from '@paywire/core';
import { paymentWebhooks } from '@paywire/express';
import { OnPaymentPaid } from '@paywire/nestjs';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { boolean, pgSchema, text } from 'drizzle-orm/pg-core';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import pg from 'pg';
import { postgresStore, type PaymentContext } from '../index.js';

// --- README: the opening example, "Set up" and "Migrations" ---------------------------------------------------------
export function openingExample(providers: ProvidersOptions): PaywireBase {
  const paywire = createPaywire({ providers, store: postgresStore({ connectionString: process.env.DATABASE_URL! }) });

  paywire.on('payment.paid', async (event, { tx }) => {
    // tx: a pg PoolClient inside this delivery's open transaction
    await tx.query('update orders set paid = true where id = $1', [event.paymentId]);
  });
  return paywire;
}

export function setUp() {
  // the store opens a pool (and store.close() ends it)…
  const store = postgresStore({ connectionString: process.env.DATABASE_URL!, poolConfig: { max: 20 } });
  // …or uses yours (then close() leaves it open); paywire's tables go to the schema you name
  const shared = postgresStore({ pool: new pg.Pool() }, { schema: 'payments' });
  return { store, shared };
}

export async function migrateExplicitly(): Promise<void> {
  const store = postgresStore({ connectionString: process.env.MIGRATION_DATABASE_URL! }, { autoMigrate: false });
  console.log('applied', await store.migrate()); // [1] the first time, [] afterwards
  await store.close();
}

// --- README: the first example and "Transactional handlers" ---------------------------------------------------------
/** `paywire.on` with an inline handler: `{ tx }` is typed as a `PoolClient` (the package augments core's context). */
export function registerInline(paywire: PaywireBase): void {
  paywire.on('payment.paid', async (event, { tx }) => {
    await tx.query('update orders set paid = true where id = $1', [event.paymentId]);
  });
}

export async function creditOrder(event: PaymentEvent, { tx }: PaymentContext): Promise<void> {
  await tx.query('update orders set paid = true, paid_amount = $2 where id = $1', [
    event.paymentId,
    event.amount?.value,
  ]);
  await tx.query('insert into order_events (order_id, event_id) values ($1, $2)', [event.paymentId, event.id]);
}

/** Express: the `on:` map takes the same handlers. */
export const expressRouter = (paywire: PaywireBase) =>
  paymentWebhooks({ paywire, on: { 'payment.paid': creditOrder } });

/** NestJS: decorated methods get the same context. */
@Injectable()
export class Orders {
  @OnPaymentPaid()
  async onPaid(event: PaymentEvent, { tx }: PaymentContext): Promise<void> {
    await tx.query('update orders set paid = true where id = $1', [event.paymentId]);
  }
}

// --- README: Drizzle ------------------------------------------------------------------------------------------------
const shop = pgSchema('shop');
export const orders = shop.table('orders', {
  id: text('id').primaryKey(),
  paid: boolean('paid').notNull().default(false),
});

/** Drizzle over the delivery's transaction: `drizzle(tx)` wraps the very same `PoolClient`. */
export async function markPaidWithDrizzle(event: PaymentEvent, { tx }: PaymentContext): Promise<void> {
  const db = drizzle(tx);
  await db
    .update(orders)
    .set({ paid: true })
    .where(eq(orders.id, event.paymentId ?? ''));
}

// --- README: Kysely -------------------------------------------------------------------------------------------------
interface ShopDatabase {
  'shop.orders': { id: string; paid: boolean };
}
/** Kysely as a query builder only (no connection of its own); `tx` runs what it compiles. */
const builder = new Kysely<ShopDatabase>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Kysely: compile, then run the SQL and parameters on the delivery's transaction. */
export async function markPaidWithKysely(event: PaymentEvent, { tx }: PaymentContext): Promise<void> {
  const query = builder
    .updateTable('shop.orders')
    .set({ paid: true })
    .where('id', '=', event.paymentId ?? '')
    .compile();
  await tx.query(query.sql, [...query.parameters]);
}

// --- README: side effects outside the database ----------------------------------------------------------------------
/** Was this event applied (its transaction committed)? */
export async function wasApplied(paywire: Paywire, event: PaymentEvent): Promise<boolean> {
  const record = await paywire.payments.get(event.provider, event.paymentId!);
  const applied = record?.history.some((h) => h.eventId === event.id && !h.stale) ?? false;
  return applied;
}
