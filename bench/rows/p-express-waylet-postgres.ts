import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { postgresStore } from '@paywire/postgres';
import express from 'express';
import pg from 'pg';
import { startPostgres } from '../../packages/postgres/src/__fixtures__/postgres-server.js';
import { mountBareRoute, mountPaywireRoute, setupDatabase } from '../postgres.js';
import { WAYLET_PATH, wayletHttpFixtures } from '../fixtures/express-waylet.js';
import { listen } from '../fixtures/listen.js';
import { wayletBodies, wayletProvider } from '../fixtures/waylet.js';
import { ROOT } from '../lib/processes.js';
import type { HttpFixtures, HttpServerRow } from '../lib/row.js';

/** Connections of each server's pool: one per in-flight request (wrk keeps 16). */
const POOL_SIZE = 16;

/**
 * One server's pool. An idle connection that drops (the database restarting) is replaced by the pool; without a
 * listener its `error` event would kill the server, and with it the whole bench run, instead of the row's rounds
 * reporting errors (as happened once, in a full run at 2026-12-01 23:36Z).
 */
const poolOf = (fixtures: HttpFixtures) => {
  const pool = new pg.Pool({ connectionString: (fixtures.services as { url: string }).url, max: POOL_SIZE });
  pool.on('error', () => {});
  return pool;
};

/**
 * P: the scenario of `pnpm bench:postgres` (bench/postgres.ts: its tables, paywire's route and the bare route)
 * measured like the other HTTP rows. Ours: the Waylet route on `postgresStore()` in transactional mode, its
 * `payment.paid` handler running one INSERT through `tx`; the alternative: a bare Express route running the same
 * INSERT in its own transaction. The row process starts a throw-away PostgreSQL (initdb, fsync off; installed by
 * `scripts/ensure-postgres.sh` when missing), so it runs on the load core with wrk, and removes it afterwards.
 */
export const row: HttpServerRow = {
  id: 'P',
  kind: 'http',
  ours: 'Waylet route on `postgresStore()`, transactional, one INSERT through `tx` (PostgreSQL on the load core)',
  against: 'bare Express route, the same INSERT in its own transaction',
  target: { text: '≥ 0.7', min: 0.7 }, // #15
  async services() {
    execFileSync('bash', [join(ROOT, 'scripts/ensure-postgres.sh')], { stdio: 'inherit' });
    const server = await startPostgres();
    try {
      const pool = new pg.Pool({ connectionString: server.url, max: 1 });
      await setupDatabase(pool).finally(() => pool.end());
    } catch (err) {
      await server.stop();
      throw err;
    }
    return { forServers: { url: server.url }, stop: () => server.stop() };
  },
  fixtures: async ({ quick }) => wayletHttpFixtures(wayletBodies(quick ? 16_384 : 65_536)),
  async serveOurs(fixtures) {
    const app = express();
    mountPaywireRoute(app, postgresStore({ pool: poolOf(fixtures) }), wayletProvider);
    return listen(createServer(app));
  },
  async serveAlternative(fixtures) {
    const app = express();
    mountBareRoute(app, poolOf(fixtures), WAYLET_PATH);
    return listen(createServer(app));
  },
};
