import { memoryStore, type PaywireStore } from '@paywire/core';
import { postgresStore } from '@paywire/postgres';

/**
 * The shop's paywire store from the environment: `STORE=postgres` uses PostgreSQL at `DATABASE_URL` (tables in the
 * `paywire` schema, created on first use; handlers then run inside one transaction per event), anything else the
 * in-process default. Close it after `paywire.close()`.
 * @throws TypeError when `STORE=postgres` and `DATABASE_URL` is not set, or `STORE` is unknown.
 */
export function storeFromEnv(env: Record<string, string | undefined>): PaywireStore {
  const kind = env.STORE ?? 'memory';
  if (kind === 'memory') return memoryStore();
  if (kind !== 'postgres') throw new TypeError(`STORE must be memory or postgres, got ${JSON.stringify(kind)}`);
  if (!env.DATABASE_URL)
    throw new TypeError('STORE=postgres needs DATABASE_URL (postgres://user:password@host:port/database)');
  return postgresStore({ connectionString: env.DATABASE_URL });
}
