import type { RequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
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
    it.each(parserModes(lib))('%s: a signed delivery runs the handler once and gets the exact acknowledgement', async (_mode, before) => {
      const { paywire, store, seen } = paywireFor(c);
      const onPaid: unknown[] = [];
      const { app, faults } = buildApp(lib, { paywire, on: { [c.type]: (e: unknown) => void onPaid.push(e) } }, before);
      const d = await c.signed(store);
      const res = await request(app).post(`/webhooks/${c.provider}${d.suffix ?? ''}`).set(d.headers).send(d.body);
      expect(res.status).toBe(c.ack.status);
      expect(res.text).toBe(c.ack.body);
      expect(res.headers['content-type']).toBe(c.ack.contentType);
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(c.ack.body)));
      expect(onPaid).toHaveLength(1);
      expect(seen.map((e) => [e.provider, e.type])).toEqual([[c.provider, c.type]]);
      expect(faults).toEqual([]);
    });

    it.each(parserModes(lib))('%s: a forged delivery gets 401 and no handler runs', async (_mode, before) => {
      const { paywire, store, seen } = paywireFor(c);
      const { app, faults } = buildApp(lib, { paywire }, before);
      const d = await c.forged(store);
      const res = await request(app).post(`/webhooks/${c.provider}${d.suffix ?? ''}`).set(d.headers).send(d.body);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(['ERR_SIGNATURE_INVALID', 'ERR_WEBHOOK_UNAUTHORIZED']).toContain(res.body.error.code);
      expect(seen).toEqual([]);
      expect(faults).toEqual([]);
    });
  });

  describe('the one edge where exact text matters: a Waylet amount written as 300.0', () => {
    const secret = 'waylet-test-secret';
    const fields = { paymentId: 'order-300', wayletPaymentId: 'aaaabbbbccccddddeeeeffff', status: 'PAID', amount: '300.0' };
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
