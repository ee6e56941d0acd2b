/**
 * The Express Waylet route on Redis vs a bare Express route (and vs the default memory store): requests/s and
 * p50/p99 latency over loopback HTTP, 16 requests in flight, fresh signed callbacks (every one a new event).
 * Starts its own redis-server on a free port on 127.0.0.1. Not part of `pnpm test`; no target is asserted.
 * Usage: npx tsx --conditions=@paywire/source bench/redis-route.ts [--seconds 3]
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Pool } from 'undici';
import { createPaywire, memoryStore, type PaywireStore } from '@paywire/core';
import { testing } from '@paywire/core/testing';
import { paymentWebhooks } from '@paywire/express';
import { redisStore } from '@paywire/redis';
import { startRedisServer } from '../packages/redis/src/__test-support__/redis-server.js';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 3;
const secret = 'bench-secret-0123456789';
const waylet = { baseUrl: 'http://127.0.0.1:9', apiKey: 'bench-key', commerceId: 'c', secret };
let seq = 0;
const nextBody = () =>
  testing.waylet.callback({ status: 'PAID', paymentId: `order-${process.pid}-${seq++}`, amount: 300 }, { secret }).body;

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function bareApp(): express.Express {
  const app = express();
  app.post('/webhooks/waylet', express.json(), (_req, res) => {
    res.json({});
  });
  return app;
}

function paywireApp(store: PaywireStore): express.Express {
  const paywire = createPaywire({
    providers: { waylet },
    store,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const app = express();
  app.use('/webhooks', paymentWebhooks({ paywire, on: { 'payment.paid': () => {} } }));
  return app;
}

async function load(name: string, app: express.Express): Promise<number> {
  const { server, url } = await listen(app);
  const pool = new Pool(url, { connections: 16 });
  const times: number[] = [];
  const one = async () => {
    const t = performance.now();
    const res = await pool.request({
      method: 'POST',
      path: '/webhooks/waylet',
      body: nextBody(),
      headers: { 'content-type': 'application/json' },
    });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode}`);
    return performance.now() - t;
  };
  for (let i = 0; i < 500; i++) await one(); // warm up
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (performance.now() < end) times.push(await one());
    }),
  );
  await pool.close();
  server.close();
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.floor(q * (times.length - 1))]!.toFixed(2);
  const rate = times.length / seconds;
  console.log(
    `${name.padEnd(36)} ${Math.round(rate).toLocaleString('en-US').padStart(7)} req/s   p50 ${at(0.5)} ms   p99 ${at(0.99)} ms`,
  );
  return rate;
}

const redis = await startRedisServer();
const store = redisStore({ url: redis.url });
console.log(`node ${process.version}, ${seconds}s per case, 16 in flight, loopback HTTP\n`);
const bare = await load('bare Express route (express.json)', bareApp());
const memory = await load('Waylet route, memoryStore()', paywireApp(memoryStore()));
const onRedis = await load('Waylet route, redisStore()', paywireApp(store));
console.log(
  `\nmemoryStore / bare = ${(memory / bare).toFixed(2)}   redisStore / bare = ${(onRedis / bare).toFixed(2)}`,
);
await store.close();
await redis.stop();
