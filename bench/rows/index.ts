/**
 * Every row of `pnpm bench`, in table order. To add one: write `rows/<id>-<name>.ts` exporting `row` (see
 * lib/row.ts for the kinds: in-process, http, client, memory) and list it here.
 *
 * The store rows R and P start a database (redis-server, PostgreSQL) for their servers, and M fills two stores
 * before it measures: `--quick` skips them (their start-up would take a good part of its minute) unless they are
 * named in `--rows`.
 */
import type { Row } from '../lib/row.js';

/** One row of the table; `slow` rows are skipped by `--quick` unless named in `--rows`, and listed with these texts. */
export interface RowEntry {
  id: string;
  load(): Promise<{ row: Row }>;
  slow?: { ours: string; against: string };
}

/** The rows that run, in table order; each file is imported only by the process that runs it. */
export const ROWS: readonly RowEntry[] = [
  { id: 'A', load: () => import('./a-express-waylet.js') },
  { id: 'A′', load: () => import('./a2-express-waylet-full-store.js') },
  { id: 'B', load: () => import('./b-nestjs-waylet.js') },
  { id: 'C', load: () => import('./c-express-etpay.js') },
  { id: 'D', load: () => import('./d-verify-callback.js') },
  { id: 'D′', load: () => import('./d2-webhooks-handle.js') },
  { id: 'E', load: () => import('./e-stripe.js') },
  { id: 'F', load: () => import('./f-start-payment.js') },
  { id: 'G', load: () => import('./g-dedup-heap.js') },
  {
    id: 'M',
    load: () => import('./m-memory-store-bound.js'),
    slow: { ours: '`memoryStore()` per new event at its bounds', against: 'the same store under its bounds' },
  },
  {
    id: 'R',
    load: () => import('./r-express-waylet-redis.js'),
    slow: { ours: 'A′ route on `redisStore()`', against: 'same as A' },
  },
  {
    id: 'P',
    load: () => import('./p-express-waylet-postgres.js'),
    slow: {
      ours: 'Waylet route on `postgresStore()`, transactional',
      against: 'bare route, one INSERT in a transaction',
    },
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
