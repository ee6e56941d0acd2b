import { PaywireError, StoreError } from '@paywire/core';

/** SQLSTATE `lock_not_available`: `lock_timeout` passed while waiting for a row lock. */
export const LOCK_NOT_AVAILABLE = '55P03';

/** The SQLSTATE of a `pg` error, when it has one. Internal. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Wraps a failure of the store's own SQL (connection refused or lost, pool timeout, server shutting down, …) in
 * `ERR_STORE_UNAVAILABLE`, so the pipeline answers 503 + Retry-After and marks nothing done. The driver's message
 * stays in `cause` only (it can name hosts); the message names the operation and the SQLSTATE.
 * Internal.
 */
export function storeUnavailable(err: unknown, operation: string): PaywireError {
  if (err instanceof PaywireError) return err as PaywireError;
  const state = sqlState(err) ?? (err as { code?: unknown } | null)?.code;
  const suffix = typeof state === 'string' ? ` (${state.slice(0, 40)})` : '';
  return new StoreError(
    'ERR_STORE_UNAVAILABLE',
    `postgresStore: ${operation} failed${suffix}; the delivery is retried`,
    { cause: err },
  );
}

/** Runs `fn`, turning any rejection into {@link storeUnavailable}. Internal. */
export async function guarded<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw storeUnavailable(err, operation);
  }
}
