import type {
  PaymentRecord,
  StoreTransaction,
  TransactionalStore,
  PaywireError,
  VersionedPaymentRecord,
} from '@paywire/core';
import { WebhookError } from '@paywire/core';
import type { Pool, PoolClient } from 'pg';
import { guarded, LOCK_NOT_AVAILABLE, sqlState, storeUnavailable } from './errors.js';
import type { Queries } from './queries.js';

/**
 * `StoreTransaction` of `@paywire/postgres`: the client is a `pg` `PoolClient` inside the open transaction.
 * @example
 * ```ts
 * import { postgresStore, type PostgresTransaction } from '@paywire/postgres';
 * const store = postgresStore({ connectionString: process.env.DATABASE_URL! });
 * await store.transactional.runEvent('waylet:evt-1', { lockTimeoutMs: 1000 }, async (t) =>
 *   (t as PostgresTransaction).client.query('select 1'),
 * );
 * ```
 */
export interface PostgresTransaction extends StoreTransaction {
  readonly client: PoolClient;
}

type RunEvent = TransactionalStore['runEvent'];

/**
 * `runEvent` over a pool, in as few round trips as the guarantees allow (see the README's table):
 *
 * 1. `BEGIN` + `begin_event()`: a transaction advisory lock on the event id (waiting at most `lockTimeoutMs`, else
 *    `'in_progress'`), then its dedup row: skip when done; with `options.payment`, its record read and locked.
 * 2. `work` runs. Its ledger read locks the payment (`lock_payment()`), so the record cannot change before COMMIT:
 *    the ledger write that follows is kept (it always applies) and the done marker too, both sent with the COMMIT.
 * 3. `commit_event()` + `COMMIT`: the ledger write (compare-and-set; a failure rolls back), the done marker inserted
 *    (only when `work` marked the event done; a live row there rolls back), COMMIT. A throw in `work` → ROLLBACK.
 *
 * Internal.
 */
export function transactionalRunner(pool: Pool, q: Queries, ready: () => Promise<void>): RunEvent {
  return async function runEvent<T>(
    eventId: string,
    options: { lockTimeoutMs: number; payment?: { provider: string; paymentId: string } },
    work: (tx: StoreTransaction) => Promise<T>,
  ) {
    await ready();
    const client = await guarded('connecting', () => pool.connect());
    let broken = false; // the connection failed mid-transaction: destroy it instead of returning it to the pool
    const rollback = () =>
      client.query('ROLLBACK').then(
        () => undefined,
        () => void (broken = true),
      );
    try {
      const lockTimeout = `${Math.max(1, Math.ceil(options.lockTimeoutMs))}ms`;
      let row: Awaited<ReturnType<Queries['beginEvent']>>;
      try {
        row = await q.beginEvent(client, eventId, lockTimeout, options.payment);
      } catch (err) {
        await rollback();
        if (sqlState(err) === LOCK_NOT_AVAILABLE) return { status: 'in_progress' as const };
        if (sqlState(err) === undefined) broken = true;
        throw storeUnavailable(err, 'locking the event');
      }
      if (row.live && row.state === 'done') {
        await rollback();
        return { status: 'done' as const };
      }
      if (row.live) {
        await rollback(); // a non-transactional delivery (claim()) holds a live lease on it
        return { status: 'in_progress' as const };
      }
      const ledger = deferredLedger(client, q);
      if (options.payment) ledger.seed(options.payment.provider, options.payment.paymentId, row.payment);
      let doneTtlMs: number | undefined;
      const tx: PostgresTransaction = {
        client,
        complete: async (ttlMs) => void (doneTtlMs = ttlMs), // written by commit_event, with the COMMIT
        getPayment: (provider, paymentId) => ledger.get(provider, paymentId),
        putPayment: (record, version, retentionMs) => ledger.put(record, version, retentionMs),
      };
      let value: T;
      try {
        value = await work(tx);
      } catch (err) {
        await rollback();
        throw err;
      }
      await commit(() => q.commitEvent(client, eventId, doneTtlMs, ledger.pending()), rollback);
      return { status: 'ran' as const, value };
    } finally {
      client.release(broken);
    }
  };
}

/** A ledger write kept for `commit_event`. */
interface PendingWrite {
  record: PaymentRecord;
  version: number;
  retentionMs: number;
}

/**
 * The ledger half of a transaction. A read locks the record; a write of that very record at the version read then
 * cannot fail before COMMIT, so it is kept and sent with the COMMIT (one round trip fewer). Any other write, or a
 * read while a write is kept, runs at once (the kept write first), as a plain compare-and-set.
 */
function deferredLedger(client: PoolClient, q: Queries) {
  let locked: { provider: string; paymentId: string; version: number } | undefined;
  let kept: PendingWrite | undefined;
  /** A record read and locked with the event (`begin_event`, in the round trip of `BEGIN`), not handed out yet. */
  let seeded: { provider: string; paymentId: string; current: VersionedPaymentRecord | undefined } | undefined;
  const flush = async () => {
    if (!kept) return;
    const { record, version, retentionMs } = kept;
    kept = undefined;
    if (!(await q.putPayment(client, record, version, retentionMs)))
      throw new Error('the ledger record changed under its lock');
  };
  return {
    /** Keeps the record read and locked with the event for the first `get` of that payment. */
    seed(provider: string, paymentId: string, current: VersionedPaymentRecord | undefined): void {
      seeded = { provider, paymentId, current };
    },
    get: (provider: string, paymentId: string) =>
      guarded('reading the ledger', async () => {
        await flush();
        const seed = seeded;
        seeded = undefined;
        const current =
          seed && seed.provider === provider && seed.paymentId === paymentId
            ? seed.current // locked since the transaction began: nobody can have changed it
            : await q.lockPayment(client, provider, paymentId);
        locked = { provider, paymentId, version: current?.version ?? 0 };
        return current;
      }),
    put: (record: PaymentRecord, version: number, retentionMs: number) =>
      guarded('writing the ledger', async () => {
        const mine = locked;
        locked = undefined;
        if (
          !kept &&
          mine?.provider === record.provider &&
          mine.paymentId === record.paymentId &&
          mine.version === version
        ) {
          kept = { record, version, retentionMs };
          return true;
        }
        await flush();
        return q.putPayment(client, record, version, retentionMs);
      }),
    /** The kept write, for commit_event. */
    pending: (): PendingWrite | undefined => kept,
  };
}

/** SQLSTATE `in_failed_sql_transaction`: a statement inside the transaction failed earlier. */
const IN_FAILED_TRANSACTION = '25P02';

/**
 * Runs `finish` (commit_event + COMMIT), refusing to report success for a transaction PostgreSQL rolled back (a
 * statement failed inside it).
 */
async function commit(finish: () => Promise<string>, rollback: () => Promise<void>): Promise<void> {
  let command: string;
  try {
    command = await finish();
  } catch (err) {
    await rollback(); // commit_event failed (the COMMIT never ran), or the COMMIT did: nothing is left open
    if (sqlState(err) === IN_FAILED_TRANSACTION) throw commitFailure(err);
    throw storeUnavailable(err, 'committing the transaction'); // outcome unknown: the redelivery finds done or runs it
  }
  if (command === 'ROLLBACK') throw commitFailure(undefined);
}

function commitFailure(cause: unknown): PaywireError {
  return new WebhookError(
    'ERR_HANDLER_FAILED',
    'the transaction was rolled back: a statement inside it failed (a handler caught a database error and went on?); nothing was committed and the redelivery runs it',
    { httpStatus: 500, cause },
  );
}
