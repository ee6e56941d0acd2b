/**
 * Every row of `pnpm bench`, in table order. To add one: write `rows/<id>-<name>.ts` exporting `row` (see
 * lib/row.ts for the kinds: in-process, http, client, memory) and list it here.
 *
 * Slots: the Redis and PostgreSQL store rows (their issues) go here once `@paywire/redis` / `@paywire/postgres`
 * exist in the tree: an `http` row like A′ with `store: redisStore(...)` (server started on a free port by the
 * row, as the tests do), or an `in-process` row like D′. Until then they are listed as pending.
 */
import type { PendingRow, Row } from '../lib/row.js';

/** The rows that run, in table order; each file is imported only by the process that runs it. */
export const ROWS: readonly { id: string; load(): Promise<{ row: Row }> }[] = [
  { id: 'A', load: () => import('./a-express-waylet.js') },
  { id: 'A′', load: () => import('./a2-express-waylet-full-store.js') },
  { id: 'B', load: () => import('./b-nestjs-waylet.js') },
  { id: 'C', load: () => import('./c-express-etpay.js') },
  { id: 'D', load: () => import('./d-verify-callback.js') },
  { id: 'D′', load: () => import('./d2-webhooks-handle.js') },
  { id: 'E', load: () => import('./e-stripe.js') },
  { id: 'F', load: () => import('./f-start-payment.js') },
  { id: 'G', load: () => import('./g-dedup-heap.js') },
];

/** Rows not yet in this table: their store is measured by its own script. */
export const PENDING: readonly PendingRow[] = [
  {
    id: 'R',
    ours: 'A′ with `@paywire/redis` store',
    against: 'same as A',
    pending: 'not in this table yet: see `pnpm bench:redis`',
  },
  {
    id: 'P',
    ours: 'A′ with `@paywire/postgres` store',
    against: 'same as A',
    pending: 'not in this table yet: see `pnpm bench:postgres`',
  },
];

/** Loads the row with this id. @throws Error for an unknown id. */
export async function findRow(id: string): Promise<Row> {
  const entry = ROWS.find((r) => r.id === id);
  if (!entry) throw new Error(`no bench row "${id}"; rows: ${ROWS.map((r) => r.id).join(', ')}`);
  const { row } = await entry.load();
  if (row.id !== id) throw new Error(`bench row file for "${id}" exports row "${row.id}"`);
  return row;
}
