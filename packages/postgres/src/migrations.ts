import type { Pool } from 'pg';

/**
 * One schema change shipped with the package. Versions only grow; a shipped migration never changes.
 * @example
 * ```ts
 * import { MIGRATIONS } from '@paywire/postgres'
 * MIGRATIONS.map((m) => `${m.version} ${m.name}`); // ['1 dedup, payments and kv tables']
 * ```
 */
export interface Migration {
  version: number;
  name: string;
  /** SQL for schema `s` (already quoted). */
  up(s: string): string;
}

/**
 * Every migration of `@paywire/postgres`, oldest first. Print one's SQL to review it or apply it by hand
 * (`MIGRATIONS[0].up('"paywire"')`); `store.migrate()` applies and records them.
 * - `dedup`: one row per event id: a lease (`owner` token) or a done marker, until `expires_at`.
 * - `payments`: the ledger, one row per (provider, payment id), compare-and-set on `version`, kept until
 *   `expires_at` (the retention).
 * - `kv`: small values with a TTL (ETpay sessions, per-handler progress).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'dedup, payments and kv tables',
    up: (s) => `
      CREATE TABLE ${s}.dedup (
        key text PRIMARY KEY,
        state text NOT NULL CHECK (state IN ('lease', 'done')),
        owner text,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX dedup_expires_at ON ${s}.dedup (expires_at);
      CREATE TABLE ${s}.payments (
        provider text NOT NULL,
        payment_id text NOT NULL,
        version bigint NOT NULL CHECK (version > 0),
        record jsonb NOT NULL,
        status text GENERATED ALWAYS AS (record ->> 'status') STORED,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (provider, payment_id)
      );
      CREATE INDEX payments_expires_at ON ${s}.payments (expires_at);
      CREATE TABLE ${s}.kv (
        key text PRIMARY KEY,
        value text NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX kv_expires_at ON ${s}.kv (expires_at);`,
  },
];

/** The advisory lock key of a schema's migrations: one number per schema name. */
const LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtextextended('paywire.migrate:' || $1, 0))`;

/**
 * Brings `schema` to the newest migration, in one transaction holding an advisory lock, so instances starting
 * together apply each migration once (the others wait, then find nothing to do). Returns the versions applied.
 * A database at a newer version than this package knows is left as it is.
 */
export async function runMigrations(
  pool: Pool,
  schema: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  const s = `"${schema}"`;
  const client = await pool.connect();
  let broken = false; // a failed ROLLBACK: the connection is unusable, drop it from the pool
  try {
    await client.query('BEGIN');
    await client.query(LOCK_SQL, [schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${s}.migrations`);
    const current = rows[0]?.v ?? 0;
    const applied: number[] = [];
    for (const m of migrations) {
      if (m.version <= current) continue;
      await client.query(m.up(s));
      await client.query(`INSERT INTO ${s}.migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw err;
  } finally {
    client.release(broken);
  }
}
