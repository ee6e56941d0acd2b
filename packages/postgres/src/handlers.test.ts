/** paywire's pipeline on postgresStore: handlers get `{ tx }`, and a throw leaves nothing behind. */
import { createPaywire, type PaymentEvent } from '@paywire/core';
import { testing } from '@paywire/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchantWaylet } from './__fixtures__/merchant-config.js';
import { startPostgres, type PostgresServer } from './__fixtures__/postgres-server.js';
import { postgresStore, type PaymentContext, type PostgresStore } from './index.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
let server: PostgresServer;
let store: PostgresStore;

beforeAll(async () => {
  server = await startPostgres();
  store = postgresStore({ connectionString: server.url });
  await store.migrate();
  await store.pool.query(
    'create schema shop; create table shop.orders (id bigserial primary key, event_id text not null, payment_id text)',
  );
});
afterAll(async () => {
  await store?.close();
  await server?.stop();
});

const orders = async (paymentId: string) =>
  (await store.pool.query('select event_id from shop.orders where payment_id = $1', [paymentId])).rows;

describe('transactional handlers', () => {
  it('a handler that throws → none of its writes remain, the ledger is unchanged; the redelivery applies once', async () => {
    const paywire = createPaywire({ providers: { waylet: merchantWaylet }, store, logger: silent });
    let failNext = true;
    const seen: PaymentEvent[] = [];
    paywire.on('payment.paid', async (event, { tx }: PaymentContext) => {
      await tx.query('insert into shop.orders (event_id, payment_id) values ($1, $2)', [event.id, event.paymentId]);
      seen.push(event);
    });
    paywire.on('payment.paid', async (event, { tx }: PaymentContext) => {
      await tx.query(`update shop.orders set payment_id = payment_id where event_id = $1`, [event.id]);
      if (failNext) {
        failNext = false;
        throw new Error('the second handler fails once');
      }
    });
    const delivery = testing.waylet.callback(
      { status: 'PAID', paymentId: 'order-throw', amount: 300 },
      { secret: merchantWaylet.secret },
    );
    const request = { provider: 'waylet', rawBody: delivery.body, headers: delivery.headers };
    const ledgerBefore = await store.getPayment('waylet', 'order-throw');

    const failed = await paywire.webhooks.handle(request);
    expect([failed.status, failed.outcome]).toEqual([500, 'handler_failed']);
    expect(seen).toHaveLength(1); // the first handler ran and inserted…
    expect(await orders('order-throw')).toEqual([]); // …and its insert was rolled back
    expect(await store.getPayment('waylet', 'order-throw')).toEqual(ledgerBefore);

    const retried = await paywire.webhooks.handle(request);
    expect([retried.status, retried.outcome]).toEqual([200, 'processed']);
    const eventId = retried.events[0]!.id;
    expect(await orders('order-throw')).toEqual([{ event_id: eventId }]);
    const ledger = await store.getPayment('waylet', 'order-throw');
    expect(ledger?.record.status).toBe('paid');
    expect(ledger?.record.history.filter((h) => h.eventId === eventId)).toHaveLength(1);

    const again = await paywire.webhooks.handle(request);
    expect([again.status, again.outcome]).toEqual([200, 'duplicate']);
    expect(await orders('order-throw')).toHaveLength(1);
    expect((await store.getPayment('waylet', 'order-throw'))?.version).toBe(ledger?.version);
  });

  it('concurrent paid and canceled callbacks of one payment: one applies, the other is stale (CAS under row locks)', async () => {
    const paywire = createPaywire({ providers: { waylet: merchantWaylet }, store, logger: silent });
    const ran: string[] = [];
    paywire.on(['payment.paid', 'payment.canceled'], async (event, { tx }) => {
      await tx.query('insert into shop.orders (event_id, payment_id) values ($1, $2)', [event.id, event.paymentId]);
      ran.push(event.type);
      await new Promise((r) => setTimeout(r, 200)); // both transactions are open at once
    });
    const ids = { paymentId: 'order-race', wayletPaymentId: 'a1b2c3d4e5f6a1b2c3d4e5f6', amount: 300 };
    const [paid, canceled] = (['PAID', 'CANCELED'] as const).map((status) =>
      testing.waylet.callback({ ...ids, status }, { secret: merchantWaylet.secret }),
    );
    const replies = await Promise.all(
      [paid!, canceled!].map((d) =>
        paywire.webhooks.handle({ provider: 'waylet', rawBody: d.body, headers: d.headers }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(ran).toHaveLength(1);
    expect(await orders('order-race')).toHaveLength(1);
    const record = (await store.getPayment('waylet', 'order-race'))!.record;
    expect(record.status).toBe(ran[0] === 'payment.paid' ? 'paid' : 'canceled');
    expect(record.history.map((h) => Boolean(h.stale)).sort()).toEqual([false, true]);
  });
});
