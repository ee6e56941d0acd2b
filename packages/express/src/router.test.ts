import type { RequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { signPostback } from '@paywire/core/paykassma';
import { signCallback } from '@paywire/core/waylet';
import { buildApp, majors, paywireFor, providerCases, wayletCase, type ExpressLib } from './__fixtures__/apps.js';
import { rawBodySaver } from './index.js';

/** The ways an app may have touched the body before the router, per Express major. */
function parserModes(lib: ExpressLib): [string, RequestHandler[]][] {
  return [
    ['no body parser', []],
    ['express.json() before the router', [lib.json()]],
    ['express.json({ verify: rawBodySaver }) before the router', [lib.json({ verify: rawBodySaver })]],
    ['express.raw({ type: "application/json" }) before the router', [lib.raw({ type: 'application/json' })]],
  ];
}

describe.each(majors)('%s', (_major, lib) => {
  describe.each(providerCases)('$label', (c) => {
    it.each(parserModes(lib))(
      '%s: a signed delivery runs the handler once and gets the exact acknowledgement',
      async (_mode, before) => {
        const { paywire, store, seen } = paywireFor(c);
        const onPaid: unknown[] = [];
        const { app, faults } = buildApp(
          lib,
          { paywire, on: { [c.type]: (e: unknown) => void onPaid.push(e) } },
          before,
        );
        const d = await c.signed(store);
        const res = await request(app)
          .post(`/webhooks/${c.provider}${d.suffix ?? ''}`)
          .set(d.headers)
          .send(d.body);
        expect(res.status).toBe(c.ack.status);
        expect(res.text).toBe(c.ack.body);
        expect(res.headers['content-type']).toBe(c.ack.contentType);
        expect(res.headers['content-length']).toBe(String(Buffer.byteLength(c.ack.body)));
        expect(onPaid).toHaveLength(1);
        expect(seen.map((e) => [e.provider, e.type])).toEqual([[c.provider, c.type]]);
        expect(faults).toEqual([]);
      },
    );

    const forgeries = c.forgeries.flatMap((f) =>
      parserModes(lib).map(([mode, before]) => [mode, f.label, before, f] as const),
    );
    it.each(forgeries)(
      '%s: a forged delivery (%s) gets 401 and no handler runs',
      async (_mode, _what, before, forgery) => {
        const { paywire, store, seen } = paywireFor(c);
        const { app, faults } = buildApp(lib, { paywire }, before);
        const d = await forgery.delivery(store);
        const res = await request(app)
          .post(`/webhooks/${c.provider}${d.suffix ?? ''}`)
          .set(d.headers)
          .send(d.body);
        expect(res.status).toBe(401);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(['ERR_SIGNATURE_INVALID', 'ERR_WEBHOOK_UNAUTHORIZED']).toContain(res.body.error.code);
        expect(seen).toEqual([]);
        expect(faults).toEqual([]);
      },
    );
  });

  describe('the same edge on Paykassma: PHP wrote a float amount as 500.0', () => {
    const keys = { accessKey: 'paykassma-access-key', privateKey: 'paykassma-private-key' };
    const transactions =
      '[{"transaction_id":"77001","amount":500.0,"currency_code":"MMK","wallet_type":"wavepay","created_datetime":"2026-11-25 10:00:00","activated_datetime":"2026-11-25 10:00:00","custom_id":"dep-500"}]';
    const body = `{"access_key":"${keys.accessKey}","signature":"${signPostback(transactions, keys)}","label":"user-1","transactions":${transactions}}`;
    const expectations: [string, RequestHandler[], number][] = [
      ['verifies from the raw bytes the router reads itself', [], 200],
      ['verifies from req.rawBody saved by rawBodySaver', [lib.json({ verify: rawBodySaver })], 200],
      ['fails with only a parsed body: JSON.stringify writes 500', [lib.json()], 401],
    ];
    it.each(expectations)('%s', async (_what, before, status) => {
      const c = providerCases.find((p) => p.provider === 'paykassma')!;
      const { paywire, seen } = paywireFor(c);
      const { app } = buildApp(lib, { paywire }, before);
      const res = await request(app).post('/webhooks/paykassma').set('content-type', 'application/json').send(body);
      expect(res.status).toBe(status);
      expect(seen).toHaveLength(status === 200 ? 1 : 0);
    });
  });

  describe('an unsigned amount (Paylican totalAmount 5100.00) keeps its text only when the bytes are available', () => {
    const expectations: [string, RequestHandler[], string][] = [
      ['raw bytes', [], '5100.00'],
      ['rawBodySaver', [lib.json({ verify: rawBodySaver })], '5100.00'],
      ['parsed body only', [lib.json()], '5100'],
    ];
    it.each(expectations)('%s', async (_what, before, value) => {
      const c = providerCases.find((p) => p.label.startsWith('paylican (token in the path)'))!;
      const { paywire, store, seen } = paywireFor(c);
      const { app } = buildApp(lib, { paywire }, before);
      const d = await c.signed(store);
      expect(d.body).toContain('"totalAmount":5100.00');
      await request(app).post(`/webhooks/paylican${d.suffix}`).set(d.headers).send(d.body).expect(200);
      expect(seen[0]?.amount?.value).toBe(value);
    });
  });

  describe('the one edge where exact text matters: a Waylet amount written as 300.0', () => {
    const secret = 'waylet-test-secret';
    const fields = {
      paymentId: 'order-300',
      wayletPaymentId: 'aaaabbbbccccddddeeeeffff',
      status: 'PAID',
      amount: '300.0',
    };
    // The provider's serializer wrote the number with a fraction, and signed that text.
    const body = `{"paymentId":"order-300","wayletPaymentId":"aaaabbbbccccddddeeeeffff","status":"PAID","amount":300.0,"signature":"${signCallback(fields, { secret })}"}`;
    const expectations: [string, RequestHandler[], number][] = [
      ['verifies from the raw bytes the router reads itself', [], 200],
      ['verifies from req.rawBody saved by rawBodySaver', [lib.json({ verify: rawBodySaver })], 200],
      ['fails with only a parsed body: JSON.stringify writes 300', [lib.json()], 401],
    ];
    it.each(expectations)('%s', async (_what, before, status) => {
      const { paywire, seen } = paywireFor(wayletCase);
      const { app } = buildApp(lib, { paywire }, before);
      const res = await request(app).post('/webhooks/waylet').set('content-type', 'application/json').send(body);
      expect(res.status).toBe(status);
      expect(seen).toHaveLength(status === 200 ? 1 : 0);
      if (status === 200) expect(seen[0]?.amount?.value).toBe('300.0');
    });
  });
});
