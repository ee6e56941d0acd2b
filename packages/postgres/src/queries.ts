import type { ClaimResult, PaymentRecord, VersionedPaymentRecord } from '@paywire/core';

/** Anything that runs a parameterized query: a `pg.Pool` or a `PoolClient`. Internal. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}

/** `interval` from a millisecond count passed as a parameter. */
const ms = (param: string) => `(${param}::float8 * interval '1 millisecond')`;

/**
 * The store's statements for one schema (the schema name is validated and quoted once, at creation). Internal.
 * Rows whose `expires_at` has passed count as absent everywhere; the cleanup deletes them later.
 */
export function queries(schema: string) {
  const s = `"${schema}"`;
  return {
    /** Takes the lease unless a live lease or done marker exists: one statement, atomic per key. */
    async claim(db: Queryable, key: string, leaseMs: number, owner: string): Promise<ClaimResult> {
      const { rows } = await db.query(
        `WITH taken AS (
           INSERT INTO ${s}.dedup AS d (key, state, owner, expires_at) VALUES ($1, 'lease', $2, now() + ${ms('$3')})
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
     * Inside runEvent's transaction: inserts the event's row (which locks it, one round trip for a new event) or,
     * when it exists, locks it with `FOR UPDATE` (waiting at most the transaction's `lock_timeout`).
     */
    async lockEvent(
      db: Queryable,
      key: string,
      owner: string,
      leaseMs: number,
    ): Promise<{ state: string; owner: string | null; live: boolean }> {
      for (let attempt = 0; attempt < 3; attempt++) {
        const inserted = await db.query(
          `INSERT INTO ${s}.dedup (key, state, owner, expires_at) VALUES ($1, 'lease', $2, now() + ${ms('$3')})
           ON CONFLICT (key) DO NOTHING RETURNING state, owner, true AS live`,
          [key, owner, leaseMs],
        );
        const row =
          inserted.rows[0] ??
          (
            await db.query(
              `SELECT state, owner, expires_at > now() AS live FROM ${s}.dedup WHERE key = $1 FOR UPDATE`,
              [key],
            )
          ).rows[0];
        if (row) return row as { state: string; owner: string | null; live: boolean };
        // the row was deleted between the two statements (released, or cleaned up after expiry): insert again
      }
      return { state: 'lease', owner: null, live: true }; // keeps vanishing: someone else is working on it
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
              `INSERT INTO ${s}.payments AS p (provider, payment_id, version, record, expires_at) VALUES ($1, $2, 1, $3::jsonb, now() + ${ms('$4')})
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
