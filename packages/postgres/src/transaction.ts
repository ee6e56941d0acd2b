import { randomUUID } from 'node:crypto';
import type { StoreTransaction, TransactionalStore, PaywireError } from '@paywire/core';
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
 * `runEvent` over a pool: BEGIN; insert the event's dedup row unless it exists and lock it (`FOR UPDATE`, waiting at
 * most `lockTimeoutMs`, else `'in_progress'`); skip when done; run `work`; COMMIT (the done marker and the ledger
 * writes `work` made through the transaction commit with the handlers' writes), or ROLLBACK and rethrow. Internal.
 */
export function transactionalRunner(pool: Pool, q: Queries, ready: () => Promise<void>): RunEvent {
  return async function runEvent<T>(
    eventId: string,
    options: { lockTimeoutMs: number },
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
      const owner = randomUUID();
      const lockTimeout = `${Math.max(1, Math.ceil(options.lockTimeoutMs))}ms`;
      let row: Awaited<ReturnType<Queries['lockEvent']>>;
      try {
        await client.query(`BEGIN; SET LOCAL lock_timeout = '${lockTimeout}'`); // one round trip; lockTimeout is `<int>ms`
        row = await q.lockEvent(client, eventId, owner, Math.max(options.lockTimeoutMs, 60_000));
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
      if (row.live && row.state === 'lease' && row.owner !== owner) {
        await rollback(); // a non-transactional delivery (claim()) holds a live lease on it
        return { status: 'in_progress' as const };
      }
      let completed = false;
      const tx: PostgresTransaction = {
        client,
        complete: (ttlMs) =>
          guarded('marking the event done', () => q.complete(client, eventId, ttlMs)).then(
            () => void (completed = true),
          ),
        getPayment: (provider, paymentId) =>
          guarded('reading the ledger', () => q.getPayment(client, provider, paymentId)),
        putPayment: (record, version, retentionMs) =>
          guarded('writing the ledger', () => q.putPayment(client, record, version, retentionMs)),
      };
      let value: T;
      try {
        await guarded('opening the transaction', () => client.query('SET LOCAL lock_timeout TO DEFAULT')); // handlers' statements wait as usual
        value = await work(tx);
      } catch (err) {
        await rollback();
        throw err;
      }
      await commit(client, q, eventId, owner, completed, rollback);
      return { status: 'ran' as const, value };
    } finally {
      client.release(broken);
    }
  };
}

/** COMMIT, refusing to report success for a transaction PostgreSQL rolled back (a statement failed inside it). */
async function commit(
  client: PoolClient,
  q: Queries,
  eventId: string,
  owner: string,
  completed: boolean,
  rollback: () => Promise<void>,
): Promise<void> {
  try {
    // work that resolved without marking the event done must not leave this attempt's lock row behind as a lease
    if (!completed) await q.release(client, eventId, owner);
  } catch (err) {
    await rollback();
    throw commitFailure(err);
  }
  let result: { command: string };
  try {
    result = await client.query('COMMIT');
  } catch (err) {
    throw storeUnavailable(err, 'committing the transaction'); // outcome unknown: the redelivery finds done or runs it
  }
  if (result.command === 'ROLLBACK') throw commitFailure(undefined);
}

function commitFailure(cause: unknown): PaywireError {
  return new WebhookError(
    'ERR_HANDLER_FAILED',
    'the transaction was rolled back: a statement inside it failed (a handler caught a database error and went on?); nothing was committed and the redelivery runs it',
    { httpStatus: 500, cause },
  );
}
