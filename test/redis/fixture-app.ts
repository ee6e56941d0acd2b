/**
 * One app instance for the multi-instance tests: Express + @paywire/express + @paywire/redis, run as a child
 * process (`node --conditions=@paywire/source --import tsx test/redis/fixture-app.ts`). Every handler run
 * appends the event id to COUNT_FILE. Prints `listening <port>` once it accepts connections.
 *
 * Environment: REDIS_URL or REDIS_CLUSTER (JSON list of { host, port }), KEY_PREFIX, SANDBOX_URL, COUNT_FILE,
 * LEASE_MS, COMMAND_TIMEOUT_MS, HANG (=1: a Waylet payment whose paymentId starts with `hang-` never settles;
 * `started <id>` is written first). An attempt after the first writes `attempt <n> <id>` before anything else.
 */
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createPaywire } from '@paywire/core';
import { paymentWebhooks } from '@paywire/express';
import { redisStore } from '@paywire/redis';
import { sandboxProviders } from '@paywire/sandbox';

const env = process.env;
const need = (name: string): string =>
  env[name] ?? (console.error(`fixture-app: ${name} is required`), process.exit(2));
const countFile = need('COUNT_FILE');
const connection = env.REDIS_CLUSTER
  ? { cluster: JSON.parse(env.REDIS_CLUSTER) as { host: string; port: number }[] }
  : { url: need('REDIS_URL') };
const store = redisStore(connection, {
  keyPrefix: env.KEY_PREFIX ?? 'paywire:',
  commandTimeoutMs: Number(env.COMMAND_TIMEOUT_MS ?? 1000),
});
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const paywire = createPaywire({
  providers: sandboxProviders(need('SANDBOX_URL')),
  store,
  logger: silent,
  webhooks: { leaseMs: Number(env.LEASE_MS ?? 2000) },
});

paywire.on('*', async (event, { attempt }) => {
  if (attempt !== 1) appendFileSync(countFile, `attempt ${attempt} ${event.id}\n`);
  if (env.HANG === '1' && event.provider === 'waylet' && event.paymentId?.startsWith('hang-')) {
    appendFileSync(countFile, `started ${event.id}\n`);
    await new Promise(() => {}); // never settles: the test SIGKILLs this process
  }
  appendFileSync(countFile, `${event.id}\n`);
});

const app = express();
app.use('/webhooks', paymentWebhooks({ paywire }));
app.post('/etpay/start', express.json(), async (req, res, next) => {
  try {
    const session = await paywire.etpay.initializeSession({
      merchantOrderId: String(req.body.orderId),
      orderAmount: Number(req.body.amount),
      paymentWebhookUrl: String(req.body.webhookUrl),
    });
    res.json({ sessionToken: session.sessionToken });
  } catch (err) {
    next(err);
  }
});

const server = createServer(app);
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void store.close().finally(() => process.exit(0)));
});
