/**
 * `@paywire/postgres`: a paywire store on PostgreSQL with exactly-once transactional handlers.
 * @module
 */
import type { PaymentContext as CorePaymentContext } from '@paywire/core';
import type { PoolClient } from 'pg';

declare module '@paywire/core' {
  /** `@paywire/postgres` types every handler's `context.tx` as a `pg` `PoolClient`. */
  interface PaymentContextTypes {
    tx: PoolClient;
  }
}

export {
  postgresStore,
  type PostgresStore,
  type PostgresStoreOptions,
  type PostgresConnection,
  type PostgresTransactionalStore,
} from './store.js';
export type { PostgresTransaction } from './transaction.js';
export { MIGRATIONS, type Migration, type MigrationStatus } from './migrations.js';

/**
 * The second argument of a payment handler when paywire runs on {@link postgresStore}: `tx` is a `pg`
 * `PoolClient` inside the delivery's open transaction. Whatever the handler writes through it commits together
 * with paywire's done marker and ledger change — or, when any handler throws, not at all.
 *
 * @example
 * ```ts
 * import type { PaymentEvent } from '@paywire/core';
 * import type { PaymentContext } from '@paywire/postgres';
 *
 * export async function markPaid(event: PaymentEvent, { tx }: PaymentContext): Promise<void> {
 *   await tx.query('update orders set paid = true where id = $1', [event.paymentId]);
 * }
 * ```
 */
export interface PaymentContext extends CorePaymentContext {
  /** The delivery's transaction. Do not COMMIT, ROLLBACK or release it: paywire does. */
  readonly tx: PoolClient;
}
