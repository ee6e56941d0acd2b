/**
 * A merchant app run as a real child process by the crash and two-instance tests: Express + `@paywire/express` +
 * `postgresStore()`, one transactional `payment.paid` handler that inserts a row into `shop.orders` through `tx`.
 *
 * Environment: DATABASE_URL (required); MODE = normal | hang-before-commit (the handler inserts, prints INSERTED and
 * never returns) | hang-after-commit (after paywire committed, prints COMMITTED and never answers); FAIL_RATE (0..1,
 * the share of handler runs that throw after inserting). Prints `LISTENING <port>` once it serves on 127.0.0.1.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createPaywire, type PaymentEvent } from '@paywire/core';
import { paymentWebhooks, sendReply } from '@paywire/express';
import { postgresStore, type PaymentContext } from '../index.js';
import { merchantWaylet } from './merchant-config.js';

const mode = process.env.MODE ?? 'normal';
const failRate = Number(process.env.FAIL_RATE ?? '0');
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const store = postgresStore({ connectionString: String(process.env.DATABASE_URL), poolConfig: { max: 20 } });
const paywire = createPaywire({
  providers: { waylet: merchantWaylet },
  store,
  logger: silent,
  webhooks: { retryAfterSeconds: 1 },
});
const hang = () => new Promise<never>(() => {});

async function recordPaid(event: PaymentEvent, { tx }: PaymentContext): Promise<void> {
  await tx.query('insert into shop.orders (event_id, payment_id, pid) values ($1, $2, $3)', [
    event.id,
    event.paymentId,
    process.pid,
  ]);
  if (mode === 'hang-before-commit') {
    process.stdout.write('INSERTED\n');
    await hang(); // the test SIGKILLs us here: the insert is inside an open transaction
  }
  if (Math.random() < failRate) throw new Error('simulated handler failure after the insert');
}

const app = express();
app.use('/webhooks', paymentWebhooks({ paywire, respond: false, on: { 'payment.paid': recordPaid } }), (req, res) => {
  const state = req.paywire!;
  if (mode === 'hang-after-commit' && state.outcome === 'processed') {
    process.stdout.write('COMMITTED\n');
    return; // committed, never answered: the test SIGKILLs us here
  }
  res.setHeader('x-paywire-outcome', state.outcome); // lets the tests tell a duplicate from a processed delivery
  sendReply(res, state.reply);
});
const server = app.listen(0, '127.0.0.1', () =>
  process.stdout.write(`LISTENING ${(server.address() as AddressInfo).port}\n`),
);
process.once('SIGTERM', () => server.close(() => void store.close().then(() => process.exit(0))));
