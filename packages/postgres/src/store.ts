import type { PaywireStore, TransactionalStore } from '@paywire/core';
import pg from 'pg';
import { startCleanup, type Cleanup } from './cleanup.js';
import { StoreError } from '@paywire/core';
import { guarded } from './errors.js';
import { LATEST_VERSION, migrationStatus, runMigrations, type MigrationStatus } from './migrations.js';
import { queries } from './queries.js';
import { transactionalRunner } from './transaction.js';

/**
 * Where {@link postgresStore} connects: your own `pg.Pool`, or a connection string (the store opens a pool).
 * @example
 * ```ts
 * import pg from 'pg';
 * import { postgresStore } from '@paywire/postgres';
 * const pool = new pg.Pool();
 * postgresStore({ pool }); postgresStore({ connectionString: 'postgres://app@db/shop', poolConfig: { max: 20 } });
 * ```
 */
export type PostgresConnection =
  /** A pool you own: the store never ends it; `store.close()` only stops its timer. */
  | { pool: pg.Pool }
  /** The store opens (and `close()` ends) a `pg.Pool`; `poolConfig` is passed on to it. */
  | { connectionString: string; poolConfig?: Omit<pg.PoolConfig, 'connectionString'> };

/**
 * Options of {@link postgresStore}.
 * @example
 * ```ts
 * import { postgresStore } from '@paywire/postgres';
 * const connectionString = process.env.DATABASE_URL!;
 * postgresStore({ connectionString }, { schema: 'payments', autoMigrate: false, cleanupIntervalMs: 300_000 });
 * ```
 */
export interface PostgresStoreOptions {
  /** The schema holding paywire's tables (created when missing). Letters, digits and `_`. @default 'paywire' */
  schema?: string;
  /**
   * Apply pending migrations on first use (in one transaction, under an advisory lock, so instances starting
   * together do not race). Set `false` when you migrate explicitly with `store.migrate()` before deploying.
   * @default true
   */
  autoMigrate?: boolean;
  /**
   * How often expired rows are deleted (ms); `0` turns the timer off (call `store.cleanup()` yourself). @default 60000
   */
  cleanupIntervalMs?: number;
  /** Rows deleted per statement by the cleanup. @default 1000 */
  cleanupBatchSize?: number;
  /** Called when a background cleanup run fails (it is retried at the next interval). @default ignore */
  onCleanupError?: (error: unknown) => void;
}

/** The `transactional` half of a {@link PostgresStore} (the pipeline calls it; you do not need to). */
export type PostgresTransactionalStore = TransactionalStore;

/**
 * What {@link postgresStore} returns: a store v2 with transactional handlers, migrations and cleanup.
 * @example
 * ```ts
 * import { postgresStore } from '@paywire/postgres';
 * const store = postgresStore({ connectionString: process.env.DATABASE_URL! });
 * await store.migrate(); // optional: first use migrates too
 * await store.close();
 * ```
 * @throws nothing itself; its operations reject with `PaywireError('ERR_STORE_UNAVAILABLE')` when the database fails.
 */
export interface PostgresStore extends PaywireStore {
  /** Runs one event's handlers, its done marker and its ledger change in one transaction. */
  readonly transactional: PostgresTransactionalStore;
  /** The pool the store uses. */
  readonly pool: pg.Pool;
  /** The schema of paywire's tables. */
  readonly schema: string;
  /** Applies pending migrations now; resolves to the versions applied (`[]` when up to date). */
  migrate(): Promise<number[]>;
  /** Reads the applied and pending migrations, changing nothing (what `paywire migrate --status` prints). */
  migrationStatus(): Promise<MigrationStatus>;
  /** Deletes expired rows now (bounded batches that skip locked rows); resolves to how many. */
  cleanup(): Promise<number>;
  /** Stops the cleanup timer and ends the pool when the store opened it. */
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function openPool(connection: PostgresConnection): { pool: pg.Pool; owned: boolean } {
  if (
    connection !== null &&
    typeof connection === 'object' &&
    'pool' in connection &&
    connection.pool instanceof pg.Pool
  )
    return { pool: connection.pool, owned: false };
  if (
    connection !== null &&
    typeof connection === 'object' &&
    'connectionString' in connection &&
    typeof connection.connectionString === 'string' &&
    connection.connectionString !== ''
  ) {
    const pool = new pg.Pool({ ...connection.poolConfig, connectionString: connection.connectionString });
    pool.on('error', () => {}); // an idle client lost its connection: the pool replaces it; the next query reports errors
    return { pool, owned: true };
  }
  throw new TypeError('postgresStore: pass { pool } (a pg.Pool) or { connectionString } (a non-empty string)');
}

function nonNegativeInt(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new TypeError(`postgresStore: ${name} must be a non-negative integer`);
  return value;
}

/**
 * A paywire store on PostgreSQL (node-postgres): dedup leases with owner tokens, the payment ledger
 * (compare-and-set by version, kept for the retention), values with a TTL, and **transactional handlers**: with
 * this store, each event's handlers receive `{ tx }` (a `PoolClient` inside an open transaction) and their writes
 * commit together with paywire's done marker and ledger change, or not at all.
 *
 * @example
 * ```ts
 * import { createPaywire } from '@paywire/core';
 * import { postgresStore } from '@paywire/postgres';
 *
 * const paywire = createPaywire({ providers, store: postgresStore({ connectionString: process.env.DATABASE_URL! }) });
 * ```
 * @throws TypeError when the connection or an option is malformed (at the call; nothing connects until first use).
 *   Operations reject with `PaywireError('ERR_STORE_UNAVAILABLE')` when the database cannot be reached.
 */
export function postgresStore(connection: PostgresConnection, options: PostgresStoreOptions = {}): PostgresStore {
  const schema = options.schema ?? 'paywire';
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema))
    throw new TypeError('postgresStore: schema must be 1-63 letters, digits or _ and not start with a digit');
  const cleanupIntervalMs = nonNegativeInt('cleanupIntervalMs', options.cleanupIntervalMs ?? 60_000);
  const cleanupBatchSize = nonNegativeInt('cleanupBatchSize', options.cleanupBatchSize ?? 1000) || 1;
  const { pool, owned } = openPool(connection);
  const q = queries(schema);
  const autoMigrate = options.autoMigrate ?? true;

  let readyPromise: Promise<void> | undefined;
  let cleanup: Cleanup | undefined;
  let closed = false;
  const migrate = () => guarded('migrating', () => runMigrations(pool, schema));
  /** With autoMigrate off: the schema must be at the package's version (the transactional path calls its functions). */
  const checkVersion = async () => {
    const { current } = await guarded('reading the schema version', () => migrationStatus(pool, schema));
    if (current < LATEST_VERSION)
      throw new StoreError(
        'ERR_STORE_UNAVAILABLE',
        `postgresStore: schema "${schema}" is at migration ${current}, this version needs ${LATEST_VERSION}: ` +
          'run `paywire migrate` or store.migrate() (autoMigrate is off)',
      );
  };
  const ready = (): Promise<void> => {
    if (closed) return Promise.reject(new TypeError('postgresStore: the store is closed'));
    readyPromise ??= (autoMigrate ? migrate() : checkVersion()).then(
      () => {
        cleanup ??= startCleanup(pool, q, cleanupIntervalMs, cleanupBatchSize, options.onCleanupError ?? (() => {}));
      },
      (err: unknown) => {
        readyPromise = undefined; // the database was unreachable: the next call tries again
        throw err;
      },
    );
    return readyPromise;
  };
  const op = <T>(operation: string, fn: () => Promise<T>): Promise<T> => ready().then(() => guarded(operation, fn));

  return {
    pool,
    schema,
    claim: (key, leaseMs, owner) => op('claim', () => q.claim(pool, key, leaseMs, owner)),
    renew: (key, leaseMs, owner) => op('renew', () => q.renew(pool, key, leaseMs, owner)),
    release: (key, owner) => op('release', () => q.release(pool, key, owner)),
    complete: (key, ttlMs) => op('complete', () => q.complete(pool, key, ttlMs)),
    getPayment: (provider, paymentId) => op('getPayment', () => q.getPayment(pool, provider, paymentId)),
    putPayment: (record, version, retentionMs) =>
      op('putPayment', () => q.putPayment(pool, record, version, retentionMs)),
    get: (key) => op('get', () => q.get(pool, key)),
    set: (key, value, ttlMs) => op('set', () => q.set(pool, key, value, ttlMs)),
    delete: (key) => op('delete', () => q.delete(pool, key)),
    transactional: { runEvent: transactionalRunner(pool, q, ready) },
    migrate: async () => {
      const applied = await migrate();
      await ready();
      return applied;
    },
    migrationStatus: () => guarded('reading the migrations', () => migrationStatus(pool, schema)),
    cleanup: () => op('cleanup', async () => (cleanup ? cleanup.runOnce() : 0)),
    close: async () => {
      if (closed) return;
      closed = true;
      cleanup?.stop();
      if (owned) await pool.end();
    },
  };
}
