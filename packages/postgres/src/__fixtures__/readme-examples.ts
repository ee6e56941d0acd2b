/**
 * The README's code blocks, type-checked by the workspace's `tsc` (keep both in step). The Drizzle and Kysely
 * handlers also run against a real database in handlers.test.ts.
 */
import type { PaymentEvent } from '@paywire/core';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { boolean, pgSchema, text } from 'drizzle-orm/pg-core';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { PaymentContext } from '../index.js';

// --- README: Drizzle ---------------------------------------------------------------------------------------------
const shop = pgSchema('shop');
export const orders = shop.table('orders', { id: text('id').primaryKey(), paid: boolean('paid').notNull().default(false) });

/** Drizzle over the delivery's transaction: `drizzle(tx)` wraps the very same `PoolClient`. */
export async function markPaidWithDrizzle(event: PaymentEvent, { tx }: PaymentContext): Promise<void> {
  const db = drizzle(tx);
  await db.update(orders).set({ paid: true }).where(eq(orders.id, event.paymentId ?? ''));
}

// --- README: Kysely ----------------------------------------------------------------------------------------------
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
  const query = builder.updateTable('shop.orders').set({ paid: true }).where('id', '=', event.paymentId ?? '').compile();
  await tx.query(query.sql, [...query.parameters]);
}
