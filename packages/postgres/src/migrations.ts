import type { Pool } from 'pg';

/**
 * One schema change shipped with the package. Versions only grow; a shipped migration never changes.
 * @example
 * ```ts
 * import { MIGRATIONS } from '@paywire/postgres'
 * MIGRATIONS.map((m) => m.version); // [1, 2, 3]
 * ```
 */
export interface Migration {
  version: number;
  name: string;
  /** SQL for schema `s` (already quoted). */
  up(s: string): string;
}

/**
 * The lease taken on an event's dedup row by `lock_event` (migration 2, and its migration 3 replacement): insert
 * the row, or lock the existing one, three tries. Part of both migrations' text: never change it.
 */
const leaseDedupRow = (s: string) => `        FOR attempt IN 1..3 LOOP
          INSERT INTO ${s}.dedup (key, state, owner, expires_at)
            VALUES (p_key, 'lease', p_owner, now() + p_lease_ms * interval '1 millisecond')
            ON CONFLICT (key) DO NOTHING
            RETURNING state, owner, true INTO o_state, o_owner, o_live;
          IF NOT FOUND THEN
            SELECT d.state, d.owner, d.expires_at > now() INTO o_state, o_owner, o_live
              FROM ${s}.dedup d WHERE d.key = p_key FOR UPDATE;
          END IF;
          EXIT WHEN FOUND; -- else the row vanished between the two statements (released, cleaned up): again
        END LOOP;
        IF NOT FOUND THEN -- keeps vanishing: someone else is working on it
          o_state := 'lease'; o_owner := NULL; o_live := true;
        END IF;
`;

/**
 * The ledger read of a transactional delivery (migration 2's `lock_payment`, migration 3's `begin_event`): the
 * payment's row locked, or the advisory lock its creators take and a second read; `call` is how the function calls
 * `pg_advisory_xact_lock` (`PERFORM`, or an assignment, which starts no executor). Never change its text.
 */
const lockPayment = (
  s: string,
  call: 'PERFORM' | 'ignored :=',
) => `        SELECT p.record, p.version, p.expires_at > now() INTO o_record, o_version, live
          FROM ${s}.payments p WHERE p.provider = p_provider AND p.payment_id = p_payment_id FOR UPDATE;
        IF NOT FOUND THEN
          ${call} pg_advisory_xact_lock(
            hashtextextended('paywire.payment:' || ${literal(s)} || ':' || p_provider || ':' || p_payment_id, 0));
          SELECT p.record, p.version, p.expires_at > now() INTO o_record, o_version, live
            FROM ${s}.payments p WHERE p.provider = p_provider AND p.payment_id = p_payment_id FOR UPDATE;
        END IF;
        IF NOT FOUND OR NOT live THEN
          o_record := NULL; o_version := NULL;
        END IF;
`;

/**
 * The ledger write of the commit functions (migration 2's `finish_event`, migration 3's `commit_event`): the
 * compare-and-set insert or update of `p_record` (when not NULL), SQLSTATE 40001 when it does not apply. Its text
 * is part of both migrations: never change it (a change goes into a new migration).
 */
const ledgerWrite = (s: string) => `        IF p_record IS NOT NULL THEN
          IF p_version = 0 THEN
            INSERT INTO ${s}.payments AS p (provider, payment_id, version, record, expires_at)
              VALUES (p_record ->> 'provider', p_record ->> 'paymentId', 1, p_record,
                      now() + p_retention_ms * interval '1 millisecond')
              ON CONFLICT (provider, payment_id) DO UPDATE
                SET version = 1, record = EXCLUDED.record, expires_at = EXCLUDED.expires_at
                WHERE p.expires_at <= now();
          ELSE
            UPDATE ${s}.payments
              SET version = version + 1, record = p_record,
                  expires_at = now() + p_retention_ms * interval '1 millisecond'
              WHERE provider = p_record ->> 'provider' AND payment_id = p_record ->> 'paymentId'
                AND version = p_version AND expires_at > now();
          END IF;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'paywire: the ledger record changed under its lock' USING ERRCODE = '40001';
          END IF;
        END IF;
`;

/**
 * Every migration of `@paywire/postgres`, oldest first. Print one's SQL to review it or apply it by hand
 * (`MIGRATIONS[0].up('"paywire"')`); `store.migrate()` applies and records them.
 * - `dedup`: one row per event id: a lease (`owner` token) or a done marker, until `expires_at`. The transactional
 *   path (migration 3) writes only done markers, at commit, and holds an advisory lock on the event id meanwhile.
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
  {
    version: 2,
    name: 'functions of the transactional path',
    up: (s) => `
      -- BEGIN's companion: inserts the event's dedup row (which locks it) or locks the existing one, waiting at most
      -- p_lock_timeout, then restores lock_timeout for the handlers. Same steps as the statements it replaces, one
      -- round trip: each statement of a plpgsql function takes a fresh snapshot, so a row committed while the
      -- INSERT waited is seen (and locked) by the SELECT after it.
      CREATE FUNCTION ${s}.lock_event(p_key text, p_owner text, p_lease_ms float8, p_lock_timeout text,
                                      OUT o_state text, OUT o_owner text, OUT o_live boolean)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        previous text := current_setting('lock_timeout');
      BEGIN
        PERFORM set_config('lock_timeout', p_lock_timeout, true);
${leaseDedupRow(s)}        PERFORM set_config('lock_timeout', previous, true);
      END
      $fn$;

      -- The ledger read of a transactional delivery: locks the payment's row (FOR UPDATE), or, when there is none
      -- yet, a transaction advisory lock on (schema, provider, payment id) that every creator of the record through
      -- this function takes, and reads again. The record read cannot change before COMMIT, so its write can wait
      -- for finish_event. An expired record reads as absent (its row stays locked).
      CREATE FUNCTION ${s}.lock_payment(p_provider text, p_payment_id text, OUT o_record jsonb, OUT o_version bigint)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        live boolean;
      BEGIN
${lockPayment(s, 'PERFORM')}      END
      $fn$;

      -- COMMIT's companion: the ledger write (compare-and-set; SQLSTATE 40001 when it does not apply, which rolls
      -- the delivery back) unless p_record is NULL, then the done marker (p_done_ttl_ms) or, when NULL, the
      -- release of this attempt's lease.
      CREATE FUNCTION ${s}.finish_event(p_key text, p_owner text, p_done_ttl_ms float8, p_record jsonb,
                                        p_version bigint, p_retention_ms float8)
      RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
${ledgerWrite(s)}        IF p_done_ttl_ms IS NULL THEN
          DELETE FROM ${s}.dedup WHERE key = p_key AND state = 'lease' AND owner = p_owner;
        ELSE
          INSERT INTO ${s}.dedup (key, state, owner, expires_at)
            VALUES (p_key, 'done', NULL, now() + p_done_ttl_ms * interval '1 millisecond')
            ON CONFLICT (key) DO UPDATE SET state = 'done', owner = NULL, expires_at = EXCLUDED.expires_at;
        END IF;
      END
      $fn$;`,
  },
  {
    version: 3,
    name: 'one done marker per event, written at commit',
    up: (s) => `
      -- BEGIN's companion from this version on (lock_event and finish_event stay for instances not upgraded yet):
      -- a transaction advisory lock on the event id, waited for at most p_lock_timeout, instead of a lease row that
      -- is inserted, locked and later updated to done. Then, in a statement of its own (a fresh snapshot: a marker
      -- committed while the lock was awaited is seen), the event's dedup row; unless it is live, the payment's record
      -- read and locked as lock_payment() does (without a timeout, as before). The calls without a table are
      -- assignments, not PERFORM: plpgsql evaluates them without starting an executor.
      CREATE FUNCTION ${s}.begin_event(p_key text, p_lock_timeout text, p_provider text, p_payment_id text,
                                       OUT o_state text, OUT o_live boolean, OUT o_record jsonb, OUT o_version bigint)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        previous text := current_setting('lock_timeout');
        ignored text;
        live boolean;
      BEGIN
        ignored := set_config('lock_timeout', p_lock_timeout, true);
        ignored := pg_advisory_xact_lock(hashtextextended('paywire.event:' || ${literal(s)} || ':' || p_key, 0));
        ignored := set_config('lock_timeout', previous, true);
        SELECT d.state, d.expires_at > now() INTO o_state, o_live FROM ${s}.dedup d WHERE d.key = p_key;
        IF o_live OR p_provider IS NULL THEN
          RETURN;
        END IF;
${lockPayment(s, 'ignored :=')}      END
      $fn$;

      -- Migration 2's lock_event(), still called by instances not upgraded yet, takes the same advisory lock first:
      -- while both versions run (a rolling deploy), an event is still worked on by one of them at a time.
      CREATE OR REPLACE FUNCTION ${s}.lock_event(p_key text, p_owner text, p_lease_ms float8, p_lock_timeout text,
                                                 OUT o_state text, OUT o_owner text, OUT o_live boolean)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        previous text := current_setting('lock_timeout');
        ignored text;
      BEGIN
        ignored := set_config('lock_timeout', p_lock_timeout, true);
        ignored := pg_advisory_xact_lock(hashtextextended('paywire.event:' || ${literal(s)} || ':' || p_key, 0));
${leaseDedupRow(s)}        ignored := set_config('lock_timeout', previous, true);
      END
      $fn$;

      -- COMMIT's companion: the ledger write as finish_event() does it, then the done marker inserted once (over an
      -- expired row only). A live row there (written by something that does not take the event's lock: an instance
      -- still on lock_event(), a claim()) wins: SQLSTATE 40001, the delivery rolls back and its retry finds it.
      CREATE FUNCTION ${s}.commit_event(p_key text, p_done_ttl_ms float8, p_record jsonb, p_version bigint,
                                        p_retention_ms float8)
      RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
${ledgerWrite(s)}        IF p_done_ttl_ms IS NOT NULL THEN
          INSERT INTO ${s}.dedup AS d (key, state, owner, expires_at)
            VALUES (p_key, 'done', NULL, now() + p_done_ttl_ms * interval '1 millisecond')
            ON CONFLICT (key) DO UPDATE SET state = 'done', owner = NULL, expires_at = EXCLUDED.expires_at
              WHERE d.expires_at <= now();
          IF NOT FOUND THEN
            RAISE EXCEPTION 'paywire: the event was marked done or leased meanwhile' USING ERRCODE = '40001';
          END IF;
        END IF;
      END
      $fn$;`,
  },
];

/** A quoted schema name (`"paywire"`) as an SQL string literal (`'"paywire"'`); the name is validated. */
const literal = (s: string) => `'${s}'`;

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

/**
 * Where a schema stands: the migrations recorded in `<schema>.migrations` and the ones this package would apply.
 * @example
 * ```ts
 * import { postgresStore } from '@paywire/postgres'
 * const pg = postgresStore({ connectionString: 'postgres://paywire@127.0.0.1:5432/shop' })
 * const { current, pending } = await pg.migrationStatus(); // current 3, pending [] when up to date
 * ```
 */
export interface MigrationStatus {
  /** The newest version applied (`0`: the schema or its `migrations` table does not exist). */
  current: number;
  /** The recorded migrations, oldest first. */
  applied: { version: number; name: string; appliedAt: Date }[];
  /** The package's migrations newer than `current`, oldest first (what `migrate()` would apply). */
  pending: Migration[];
}

/** Reads where `schema` stands, changing nothing (no schema or table is created). */
export async function migrationStatus(
  pool: Pool,
  schema: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationStatus> {
  const s = `"${schema}"`;
  const exists = await pool.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [`${s}.migrations`]);
  const applied =
    exists.rows[0]?.t == null
      ? []
      : (
          await pool.query<{ version: number; name: string; appliedAt: Date }>(
            `SELECT version, name, applied_at AS "appliedAt" FROM ${s}.migrations ORDER BY version`,
          )
        ).rows;
  const current = applied.reduce((max, m) => Math.max(max, m.version), 0);
  return { current, applied, pending: migrations.filter((m) => m.version > current) };
}

/** The newest version of {@link MIGRATIONS}: what the store's statements need. */
export const LATEST_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
