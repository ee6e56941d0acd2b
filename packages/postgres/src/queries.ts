import type { ClaimResult, PaymentRecord, VersionedPaymentRecord } from '@paywire/core';
import type { PoolClient } from 'pg';

/** Anything that runs a parameterized query: a `pg.Pool` or a `PoolClient`. Internal. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}

/** A finite number as a `float8` literal. */
function float(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError('postgresStore: a duration is not a finite number');
  return `${n}::float8`;
}

/**
 * A string as an SQL literal, exactly what `pg`'s `escapeLiteral` returns (quotes doubled; with a backslash, doubled
 * too in an `E'…'` literal, so the text is the same whatever `standard_conforming_strings` says), in two native
 * replaces instead of its loop of one-character concatenations (the ledger record is sent this way). Internal.
 */
export function sqlLiteral(v: string): string {
  const quoted = `'${v.replace(/'/g, "''")}'`;
  return v.includes('\\') ? ` E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}

/** `interval` from a millisecond count passed as a parameter. */
const ms = (param: string) => `(${param}::float8 * interval '1 millisecond')`;

/**
 * The key of the transaction advisory lock that serialises the creators of one payment's ledger record (the same
 * expression as in migration 2's `lock_payment` and migration 3's `begin_event`). `s` is the quoted schema name.
 */
const paymentLockKey = (s: string, provider: string, paymentId: string) =>
  `hashtextextended('paywire.payment:' || '${s}' || ':' || ${provider} || ':' || ${paymentId}, 0)`;

/**
 * The key of the transaction advisory lock a transactional delivery holds on its event (the same expression as in
 * migration 3's `begin_event`). `s` is the quoted schema name.
 */
const eventLockKey = (s: string, key: string) => `hashtextextended('paywire.event:' || '${s}' || ':' || ${key}, 0)`;

/**
 * The store's statements for one schema (the schema name is validated and quoted once, at creation). Internal.
 * Rows whose `expires_at` has passed count as absent everywhere; the cleanup deletes them later.
 */
export function queries(schema: string) {
  const s = `"${schema}"`;
  return {
    /**
     * Takes the lease unless a live lease or done marker exists, or a transactional delivery holds the event's
     * lock (`begin_event`): one statement, atomic per key.
     */
    async claim(db: Queryable, key: string, leaseMs: number, owner: string): Promise<ClaimResult> {
      const { rows } = await db.query(
        `WITH free AS (SELECT pg_try_advisory_xact_lock(${eventLockKey(s, '$1')}) AS ok),
         taken AS (
           INSERT INTO ${s}.dedup AS d (key, state, owner, expires_at)
           SELECT $1, 'lease', $2, now() + ${ms('$3')} FROM free WHERE ok
           ON CONFLICT (key) DO UPDATE SET state = 'lease', owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
           WHERE d.expires_at <= now()
           RETURNING 1)
         SELECT EXISTS (SELECT 1 FROM taken) AS claimed, (SELECT state FROM ${s}.dedup WHERE key = $1) AS state`,
        [key, owner, leaseMs],
      );
      const row = rows[0] as { claimed: boolean; state: string | null };
      if (row.claimed) return 'claimed';
      // a concurrent insert committed after this statement's snapshot reads as null: someone holds it now
      return row.state === 'done' ? 'done' : 'in_progress';
    },

    async renew(db: Queryable, key: string, leaseMs: number, owner: string): Promise<boolean> {
      const { rowCount } = await db.query(
        `UPDATE ${s}.dedup SET expires_at = now() + ${ms('$3')} WHERE key = $1 AND state = 'lease' AND owner = $2 AND expires_at > now()`,
        [key, owner, leaseMs],
      );
      return rowCount === 1;
    },

    async release(db: Queryable, key: string, owner: string): Promise<void> {
      await db.query(`DELETE FROM ${s}.dedup WHERE key = $1 AND state = 'lease' AND owner = $2`, [key, owner]);
    },

    async complete(db: Queryable, key: string, ttlMs: number): Promise<void> {
      await db.query(
        `INSERT INTO ${s}.dedup (key, state, owner, expires_at) VALUES ($1, 'done', NULL, now() + ${ms('$2')})
         ON CONFLICT (key) DO UPDATE SET state = 'done', owner = NULL, expires_at = EXCLUDED.expires_at`,
        [key, ttlMs],
      );
    },

    /**
     * Opens runEvent's transaction, takes the event's lock and reads its dedup row (migration 3's `begin_event`),
     * in one round trip: a simple-protocol query (`BEGIN` cannot share a parameterized one), values as escaped
     * literals. With `payment`, the payment's record is read and locked too (unless the event's row is live).
     */
    async beginEvent(
      client: PoolClient,
      key: string,
      lockTimeout: string,
      payment?: { provider: string; paymentId: string },
    ): Promise<{
      /** The event's dedup row: `'done'`, `'lease'` (a `claim()` holder's), or `null` (none). */
      state: string | null;
      /** Whether that row is live (`null`: none). */
      live: boolean | null;
      /** With `payment`: its record, read and locked in the same round trip (`undefined`: none yet). */
      payment?: VersionedPaymentRecord | undefined;
    }> {
      const args = [
        sqlLiteral(key),
        sqlLiteral(lockTimeout),
        payment ? sqlLiteral(payment.provider) : 'NULL',
        payment ? sqlLiteral(payment.paymentId) : 'NULL',
      ];
      const results = (await client.query(
        `BEGIN; SELECT o_state AS state, o_live AS live, o_record AS record, o_version AS version FROM ${s}.begin_event(${args.join(', ')})`,
      )) as unknown as { rows: Record<string, unknown>[] }[];
      const row = results[1]!.rows[0] as {
        state: string | null;
        live: boolean | null;
        record: PaymentRecord | null;
        version: string | null;
      };
      return {
        state: row.state,
        live: row.live,
        payment: row.record ? { record: row.record, version: Number(row.version) } : undefined,
      };
    },

    /** Inside runEvent's transaction: reads the payment's record and locks it (migration 2's `lock_payment`). */
    async lockPayment(db: Queryable, provider: string, paymentId: string): Promise<VersionedPaymentRecord | undefined> {
      const { rows } = await db.query(`SELECT o_record, o_version FROM ${s}.lock_payment($1, $2)`, [
        provider,
        paymentId,
      ]);
      const row = rows[0] as { o_record: PaymentRecord | null; o_version: string | null } | undefined;
      return row?.o_record ? { record: row.o_record, version: Number(row.o_version) } : undefined;
    },

    /**
     * Ends runEvent's transaction in one round trip: migration 3's `commit_event` (the deferred ledger write, then
     * the done marker when `doneTtlMs` is set) and `COMMIT`. Resolves to the COMMIT's command tag (`'ROLLBACK'` when
     * PostgreSQL rolled the transaction back instead).
     */
    async commitEvent(
      client: PoolClient,
      key: string,
      doneTtlMs: number | undefined,
      write: { record: PaymentRecord; version: number; retentionMs: number } | undefined,
    ): Promise<string> {
      const args = [
        sqlLiteral(key),
        doneTtlMs === undefined ? 'NULL' : float(doneTtlMs),
        write ? `${sqlLiteral(JSON.stringify(write.record))}::jsonb` : 'NULL',
        write ? `${Math.trunc(write.version)}::bigint` : 'NULL',
        write ? float(write.retentionMs) : 'NULL',
      ];
      const results = (await client.query(`SELECT ${s}.commit_event(${args.join(', ')}); COMMIT`)) as unknown as {
        command: string;
      }[];
      return results[1]!.command;
    },

    async getPayment(db: Queryable, provider: string, paymentId: string): Promise<VersionedPaymentRecord | undefined> {
      const { rows } = await db.query(
        `SELECT record, version FROM ${s}.payments WHERE provider = $1 AND payment_id = $2 AND expires_at > now()`,
        [provider, paymentId],
      );
      const row = rows[0] as { record: PaymentRecord; version: string } | undefined;
      return row && { record: row.record, version: Number(row.version) };
    },

    /** Compare-and-set by version; `0` creates (over an expired record too). */
    async putPayment(
      db: Queryable,
      record: PaymentRecord,
      expectedVersion: number,
      retentionMs: number,
    ): Promise<boolean> {
      const json = JSON.stringify(record);
      const { rowCount } =
        expectedVersion === 0
          ? await db.query(
              // the advisory lock lock_payment() takes: a transactional delivery that read "no record" is never
              // overtaken by this insert (it waits for that delivery's commit, then finds the record: false)
              `WITH creator AS (SELECT pg_advisory_xact_lock(${paymentLockKey(s, '$1', '$2')}))
               INSERT INTO ${s}.payments AS p (provider, payment_id, version, record, expires_at)
               SELECT $1, $2, 1, $3::jsonb, now() + ${ms('$4')} FROM creator
               ON CONFLICT (provider, payment_id) DO UPDATE SET version = 1, record = EXCLUDED.record, expires_at = EXCLUDED.expires_at
               WHERE p.expires_at <= now()`,
              [record.provider, record.paymentId, json, retentionMs],
            )
          : await db.query(
              `UPDATE ${s}.payments SET version = version + 1, record = $3::jsonb, expires_at = now() + ${ms('$4')}
               WHERE provider = $1 AND payment_id = $2 AND version = $5 AND expires_at > now()`,
              [record.provider, record.paymentId, json, retentionMs, expectedVersion],
            );
      return rowCount === 1;
    },

    async get(db: Queryable, key: string): Promise<string | undefined> {
      const { rows } = await db.query(`SELECT value FROM ${s}.kv WHERE key = $1 AND expires_at > now()`, [key]);
      return (rows[0] as { value: string } | undefined)?.value;
    },

    async set(db: Queryable, key: string, value: string, ttlMs: number): Promise<void> {
      await db.query(
        `INSERT INTO ${s}.kv (key, value, expires_at) VALUES ($1, $2, now() + ${ms('$3')})
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
        [key, value, ttlMs],
      );
    },

    async delete(db: Queryable, key: string): Promise<void> {
      await db.query(`DELETE FROM ${s}.kv WHERE key = $1`, [key]);
    },

    /** Deletes up to `limit` expired rows of one table, skipping rows a delivery holds locked. */
    async deleteExpired(db: Queryable, table: 'dedup' | 'payments' | 'kv', limit: number): Promise<number> {
      const { rowCount } = await db.query(
        `DELETE FROM ${s}.${table} WHERE ctid IN (SELECT ctid FROM ${s}.${table} WHERE expires_at <= now() LIMIT $1 FOR UPDATE SKIP LOCKED)`,
        [limit],
      );
      return rowCount ?? 0;
    },
  };
}

/** The statements of one schema. Internal. */
export type Queries = ReturnType<typeof queries>;
