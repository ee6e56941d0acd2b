/**
 * Issue 13 (1): a JSON document nested 10,000 deep, parsed by the app's own `express.json()` before the router,
 * used to overflow the stack when paywire re-serialized it: Express answered 500 with the stack trace. It must
 * be paywire's 400 on every provider route, with no stack in the body and nothing reaching the error middleware.
 */
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildApp, majors, paywireFor, providerCases } from './__fixtures__/apps.js';

const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe.each(majors)('%s: deep JSON through express.json() and paymentWebhooks', (_name, lib) => {
  it.each(providerCases.map((c) => [c.label, c] as const))(
    '%s: 10,000 levels → 400 ERR_PAYLOAD_INVALID, no stack, no handler',
    async (_label, c) => {
      const { paywire, seen } = paywireFor(c);
      const { app, faults } = buildApp(lib, { paywire }, [express.json({ limit: '1mb' })]);
      for (const body of [deep(10_000), `{"payment":${deepArray(10_000)}}`]) {
        const res = await request(app)
          .post(`/webhooks/${c.provider}`)
          .set('content-type', 'application/json')
          .send(body);
        expect(res.status).toBe(400);
        expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'ERR_PAYLOAD_INVALID' } });
        expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
      }
      expect(faults).toEqual([]);
      expect(seen).toEqual([]);
    },
  );

  it('the raw body (no parser in front) nested 10,000 deep is refused the same way', async () => {
    const c = providerCases[0] as (typeof providerCases)[number];
    const { paywire } = paywireFor(c);
    const { app, faults } = buildApp(lib, { paywire });
    const res = await request(app)
      .post(`/webhooks/${c.provider}`)
      .set('content-type', 'application/json')
      .send(deep(10_000));
    expect(res.status).toBe(400);
    expect(faults).toEqual([]);
  });
});
