import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { redisStore } from '@paywire/redis';
import { startRedisServer } from '../../packages/redis/src/__test-support__/redis-server.js';
import { bareExpress, paywireExpress, wayletHttpFixtures } from '../fixtures/express-waylet.js';
import { wayletBodies } from '../fixtures/waylet.js';
import { ROOT } from '../lib/processes.js';
import type { HttpServerRow } from '../lib/row.js';

/**
 * R: row A′'s route (default dedup TTL and ledger retention) on `redisStore()`, issue #12. The row process starts
 * a throw-away `redis-server` on a free port on 127.0.0.1 (no persistence; `scripts/ensure-redis.sh` installs
 * it when missing) and stops it after the last round. Being started by the row process, it runs on the load
 * core with wrk, as a Redis on its own machine would: the server core runs paywire alone. Every request is a new
 * payment: more bodies than a full run sends.
 */
export const row: HttpServerRow = {
  id: 'R',
  kind: 'http',
  ours: 'A′ route on `redisStore()` (redis-server on the load core)',
  against: 'same as A',
  target: { text: '≥ 0.5', min: 0.5 },
  async services() {
    execFileSync('bash', [join(ROOT, 'scripts/ensure-redis.sh')], { stdio: 'inherit' });
    const redis = await startRedisServer();
    return { forServers: { url: redis.url }, stop: () => redis.stop() };
  },
  fixtures: async ({ quick }) => wayletHttpFixtures(wayletBodies(quick ? 40_000 : 131_072)),
  serveOurs: (fixtures) => paywireExpress({ store: redisStore({ url: (fixtures.services as { url: string }).url }) }),
  serveAlternative: () => bareExpress(),
};
