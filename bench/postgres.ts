/**
 * `pnpm bench:postgres`: the Express Waylet route on `postgresStore()` in transactional mode (verify, lock the event,
 * ledger, one INSERT through `tx`, done marker, COMMIT) against a bare Express route whose handler runs one INSERT in
 * its own transaction on the same database. Both served by this process on 127.0.0.1, driven by `--concurrency`
 * in-process clients for `--seconds` each; reports requests/s, p50 and p99, and the ratio. A throw-away PostgreSQL
 * (initdb, fsync off) is started and removed. Not part of `pnpm test`.
 *
 * Its scenario (the tables, paywire's route and the bare route) is exported for row P of `pnpm bench`
 * (bench/rows/p-express-waylet-postgres.ts); the measurement below runs only when this file is the entry point.
 */
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import express from 'express';
import pg from 'pg';
import { createPaywire, type Paywire } from '@paywire/core';
import { testing } from '@paywire/core/testing';
import { paymentWebhooks } from '@paywire/express';
import { postgresStore, type PostgresStore } from '@paywire/postgres';
import { startPostgres } from '../packages/postgres/src/__fixtures__/postgres-server.js';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const seconds = arg('seconds', 5);
const concurrency = arg('concurrency', 16);
const secret = 'bench-secret-0123456789';

async function drive(name: string, url: string, body: (i: number) => string): Promise<number> {
  const latencies: number[] = [];
  let i = 0;
  const end = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body(i++),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(2);
  const rps = latencies.length / seconds;
  console.log(
    `${name.padEnd(44)} ${Math.round(rps).toLocaleString('en-US').padStart(8)} req/s   p50 ${q(0.5)} ms   p99 ${q(0.99)} ms`,
  );
  return rps;
}
const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** Creates paywire's tables and the shop's own table, once per database. */
export async function setupDatabase(pool: pg.Pool): Promise<void> {
  await postgresStore({ pool }).migrate();
  await pool.query(
    'create schema shop; create table shop.orders (id bigserial primary key, event_id text not null, payment_id text)',
  );
}

/** paywire's side: `paymentWebhooks()` at `/webhooks` on `app`; `payment.paid` runs one INSERT through `tx`. */
export function mountPaywireRoute(
  app: express.Express,
  store: PostgresStore,
  waylet: { baseUrl: string; apiKey: string; commerceId: string; secret: string },
): Paywire {
  const paywire = createPaywire({ providers: { waylet }, store, logger: silent });
  app.use(
    '/webhooks',
    paymentWebhooks({
      paywire,
      on: {
        'payment.paid': async (event, { tx }) =>
          void (await tx.query('insert into shop.orders (event_id, payment_id) values ($1, $2)', [
            event.id,
            event.paymentId,
          ])),
      },
    }),
  );
  return paywire;
}

/** The bare side: `path` on `app`, `express.json()`, one INSERT in its own transaction, `200 {}`. */
export function mountBareRoute(app: express.Express, pool: pg.Pool, path: string): void {
  app.post(path, express.json(), async (req, res) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('insert into shop.orders (event_id, payment_id) values ($1, $2)', [
        String(req.body.wayletPaymentId),
        String(req.body.paymentId),
      ]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    res.json({});
  });
}

async function main(): Promise<void> {
  const server = await startPostgres();
  const pool = new pg.Pool({ connectionString: server.url, max: concurrency });
  const store = postgresStore({ pool });
  try {
    await setupDatabase(pool);
    const app = express();
    const paywire = mountPaywireRoute(app, store, {
      baseUrl: 'http://127.0.0.1:9',
      apiKey: 'bench-key',
      commerceId: 'c',
      secret,
    });
    mountBareRoute(app, pool, '/bare');
    const http = app.listen(0, '127.0.0.1');
    await new Promise((r) => http.once('listening', r));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const deliveries = (prefix: string) => (i: number) =>
      testing.waylet.callback({ status: 'PAID', paymentId: `${prefix}-${i}`, amount: 300 }, { secret }).body;

    console.log(
      `node ${process.version}, PostgreSQL on 127.0.0.1 (fsync off), ${concurrency} concurrent clients, ${seconds}s per case\n`,
    );
    await drive('warm-up', `${base}/webhooks/waylet`, deliveries('warm'));
    const bare = await drive('bare Express route: one INSERT in a transaction', `${base}/bare`, deliveries('bare'));
    const full = await drive(
      'Waylet route, postgresStore transactional',
      `${base}/webhooks/waylet`,
      deliveries('paywire'),
    );
    console.log(`\npaywire / bare = ${(full / bare).toFixed(2)}`);
    http.closeAllConnections();
    http.close();
    await paywire.close();
  } finally {
    await store.close();
    await pool.end();
    await server.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
