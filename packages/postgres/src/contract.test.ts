/**
 * The store contract every paywire store must meet (`@paywire/core/testing`), against postgresStore on a real server.
 */
import { describeStoreContract } from '@paywire/core/testing';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { startPostgres, type PostgresServer } from './__fixtures__/postgres-server.js';
import { postgresStore } from './index.js';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
  const store = postgresStore({ connectionString: server.url });
  await store.migrate(); // once, so the cases do not all wait on the first migration
  await store.close();
});
afterAll(async () => {
  await server?.stop();
});

describeStoreContract('postgresStore', () => postgresStore({ connectionString: server.url, poolConfig: { max: 4 } }), {
  describe,
  it,
  afterEach,
});
