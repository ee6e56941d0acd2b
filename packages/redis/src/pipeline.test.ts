/**
 * Core's webhook pipeline on a real Redis: the store remembers attempts, so core writes no in-flight marker of its
 * own, and a redelivery after a failed attempt still resumes where it stopped.
 */
import { randomUUID } from 'node:crypto';
import { createPaywire, type PaymentContext } from '@paywire/core';
import { testing } from '@paywire/core/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from './__test-support__/redis-server.js';
import { redisStore, type RedisStore } from './index.js';

const secret = 'waylet-secret-1';
const waylet = { baseUrl: 'http://127.0.0.1:9/api', apiKey: 'api-key-1', commerceId: 'c1', secret };
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('the webhook pipeline on redisStore()', () => {
  let server: RedisServer;
  let store: RedisStore;
  const prefix = `pipe${randomUUID().slice(0, 8)}:`;
  beforeAll(async () => {
    server = await startRedisServer();
    store = redisStore({ url: server.url }, { keyPrefix: prefix });
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  function setup() {
    const paywire = createPaywire({ providers: { waylet }, logger: silent, store });
    const delivery = testing.waylet.callback(
      {
        status: 'PAID',
        paymentId: `order-${randomUUID()}`,
        wayletPaymentId: randomUUID().replace(/-/g, '').slice(0, 24),
      },
      { secret },
    );
    const post = () => paywire.webhooks.handle({ provider: 'waylet', rawBody: delivery.body });
    return { paywire, post };
  }

  it('a new event is four commands: claim, ledger read, ledger write, done; no progress record is written', async () => {
    const warm = setup(); // the connection, and the scripts loaded (EVAL once, on NOSCRIPT)
    warm.paywire.on('payment.paid', () => {});
    expect((await warm.post()).outcome).toBe('processed');
    const { paywire, post } = setup();
    paywire.on('payment.paid', () => {});
    const monitor = await new Redis(server.url).monitor();
    const sent: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source !== 'lua') sent.push(args);
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 50)); // MONITOR is on
      expect((await post()).outcome).toBe('processed');
      await new Promise((resolve) => setTimeout(resolve, 100)); // the last command reached MONITOR
    } finally {
      monitor.disconnect();
    }
    expect(sent.map((args) => args[0]?.toLowerCase())).toEqual(['evalsha', 'get', 'evalsha', 'set']);
    expect(sent.flat().some((arg) => arg.includes('handlers:'))).toBe(false);
    const eventKey = sent[0]?.[3] ?? ''; // evalsha <sha> 1 <key> …
    expect(eventKey.startsWith(`${prefix}e:{waylet:`)).toBe(true);
    expect(sent[3]?.[1]).toBe(eventKey); // set <key> d PX …
    expect(await store.client.get(eventKey)).toBe('d');
  });

  it('a failed handler: the event key remembers the attempt, the progress names who completed; attempt 2 runs the rest', async () => {
    const { paywire, post } = setup();
    const runs: string[] = [];
    const attempts: (number | undefined)[] = [];
    let eventId = '';
    paywire.on(
      'payment.paid',
      (event) => {
        eventId = event.id;
        runs.push('credit');
      },
      { name: 'credit-wallet' },
    );
    paywire.on(
      'payment.paid',
      (_event, context: PaymentContext) => {
        attempts.push(context.attempt);
        runs.push('email');
        if (attempts.length === 1) throw new Error('smtp down');
      },
      { name: 'send-receipt' },
    );
    expect((await post()).outcome).toBe('handler_failed');
    const eventKey = `${prefix}e:{${eventId}}`;
    const progressKey = `${prefix}v:{handlers:${eventId}}`;
    expect(await store.client.get(eventKey)).toBe('r'); // released, unfinished: the next claim is a reclaim
    expect(JSON.parse((await store.client.get(progressKey)) ?? 'null')).toEqual({ a: 1, h: ['credit-wallet'] });

    expect((await post()).outcome).toBe('processed');
    expect(runs).toEqual(['credit', 'email', 'email']);
    expect(attempts).toEqual([1, 2]);
    expect(await store.client.get(eventKey)).toBe('d');
    await new Promise((resolve) => setTimeout(resolve, 50)); // the progress record's DEL is not awaited
    expect(await store.client.exists(progressKey)).toBe(0);
    expect((await post()).outcome).toBe('duplicate');
  });

  it('a single handler that fails once runs again on the redelivery, though the event is in the ledger', async () => {
    const { paywire, post } = setup();
    const attempts: (number | undefined)[] = [];
    paywire.on('payment.paid', (_event, context: PaymentContext) => {
      attempts.push(context.attempt);
      if (attempts.length === 1) throw new Error('first time');
    });
    expect((await post()).outcome).toBe('handler_failed');
    expect((await post()).outcome).toBe('processed');
    expect((await post()).outcome).toBe('duplicate');
    expect(attempts).toEqual([1, 2]);
  });
});
