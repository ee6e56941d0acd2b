import { describe, expect, it } from 'vitest';
import { memoryStore, type PaywireStore } from '@paywire/core';
import Fastify, { type InjectOptions } from 'fastify';
import { PROVIDER_ROWS, allProviderOptions, buildApp, paywireFor, type ProviderRow } from './__fixtures__/app.js';
import { paymentWebhooks, type PaymentWebhooksOptions } from './index.js';

const waylet = PROVIDER_ROWS.find((r) => r.provider === 'waylet') as ProviderRow;
let sequence = 0;
const nextId = () => `fy${Date.now().toString(36)}${sequence++}`;
const code = (res: { body: string }) => (JSON.parse(res.body) as { error: { code: string } }).error.code;

describe('paymentWebhooks (Fastify): every provider', () => {
  it.each(PROVIDER_ROWS.map((r) => [r.provider, r] as const))(
    '%s: a signed delivery runs the handler once and gets the exact acknowledgement; a forged one 401',
    async (provider, row) => {
      const { paywire, store, seen } = paywireFor(allProviderOptions());
      const paid: string[] = [];
      const { app, faults } = await buildApp({ paywire, on: { 'payment.paid': (e) => void paid.push(e.id) } });
      const d = await row.signed(store, nextId());
      const res = await app.inject({
        method: 'POST',
        url: `/webhooks/${provider}${d.suffix ?? ''}`,
        headers: d.headers,
        payload: d.body,
      });
      expect({ status: res.statusCode, contentType: res.headers['content-type'], body: res.body }).toEqual(row.ack);
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(row.ack.body)));
      expect([paid.length, seen.map((e) => e.provider)]).toEqual([1, [provider]]);
      for (const forgery of row.forgeries) {
        const f = await forgery.delivery(store, nextId());
        const forged = await app.inject({
          method: 'POST',
          url: `/webhooks/${provider}${f.suffix ?? ''}`,
          headers: f.headers,
          payload: f.body,
        });
        expect([forged.statusCode, forged.headers['content-type']], forgery.label).toEqual([
          401,
          'application/json; charset=utf-8',
        ]);
        expect(paid).toHaveLength(1);
      }
      expect(faults).toEqual([]);
      await app.close();
    },
  );
});

describe('paymentWebhooks (Fastify): answers', () => {
  it('refuses each client mistake with its own status and code, and keeps serving', async () => {
    const { paywire, store, seen } = paywireFor(waylet.options);
    const { app, faults } = await buildApp({ paywire, limit: 2048 });
    const json = { 'content-type': 'application/json' };
    const cases: [string, InjectOptions, number, string][] = [
      ['wrong method', { method: 'GET', url: '/webhooks/waylet' }, 405, 'ERR_METHOD_NOT_ALLOWED'],
      [
        'wrong content type',
        {
          method: 'POST',
          url: '/webhooks/waylet',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'a=b',
        },
        415,
        'ERR_UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'oversized body',
        { method: 'POST', url: '/webhooks/waylet', headers: json, payload: JSON.stringify({ pad: 'x'.repeat(4096) }) },
        413,
        'ERR_BODY_TOO_LARGE',
      ],
      [
        'malformed JSON',
        { method: 'POST', url: '/webhooks/waylet', headers: json, payload: '{"paymentId":' },
        400,
        'ERR_PAYLOAD_INVALID',
      ],
      [
        'unconfigured provider',
        { method: 'POST', url: '/webhooks/etpay', headers: json, payload: '{}' },
        404,
        'ERR_PROVIDER_NOT_CONFIGURED',
      ],
      [
        'compressed body',
        { method: 'POST', url: '/webhooks/waylet', headers: { ...json, 'content-encoding': 'gzip' }, payload: '{}' },
        415,
        'ERR_UNSUPPORTED_MEDIA_TYPE',
      ],
    ];
    for (const [what, request, status, expected] of cases) {
      const res = await app.inject(request);
      expect([res.statusCode, res.headers['content-type'], code(res)], what).toEqual([
        status,
        'application/json; charset=utf-8',
        expected,
      ]);
      const d = await waylet.signed(store, nextId());
      expect(
        (await app.inject({ method: 'POST', url: '/webhooks/waylet', headers: d.headers, payload: d.body })).statusCode,
        what,
      ).toBe(200);
    }
    expect(seen).toHaveLength(cases.length);
    expect(faults).toEqual([]);
    await app.close();
  });

  it('405 names the allowed method, for every other method', async () => {
    const { app } = await buildApp({ paywire: paywireFor(waylet.options).paywire });
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const) {
      const res = await app.inject({ method, url: '/webhooks/waylet' });
      expect([res.statusCode, res.headers['allow']], method).toEqual([405, 'POST']);
    }
    await app.close();
  });

  it('keeps Fastify’s JSON parser on the app’s other routes, including one under the prefix', async () => {
    const { app } = await buildApp({ paywire: paywireFor(waylet.options).paywire });
    const echo = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":1}',
    });
    expect(echo.json()).toEqual({ parsed: { a: 1 } });
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/echo',
          headers: { 'content-type': 'application/json' },
          payload: '{bad',
        })
      ).statusCode,
    ).toBe(500); // the app's error handler: Fastify's parser ran
    const other = await app.inject({
      method: 'POST',
      url: '/webhooks/other',
      payload: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect([other.statusCode, other.body]).toEqual([202, 'app route']);
    expect((await app.inject({ method: 'POST', url: '/webhooks/wayletx' })).statusCode).toBe(404);
    await app.close();
  });

  it('serves a provider on the path given in paths, and hands the raw rest of the path and the query on', async () => {
    const paylican = PROVIDER_ROWS.find((r) => r.provider === 'paylican') as ProviderRow;
    const { paywire, store, seen } = paywireFor({ ...waylet.options, ...paylican.options });
    const { app } = await buildApp({ paywire, paths: { waylet: '/klikin/callback' } });
    const d = await waylet.signed(store, nextId());
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/webhooks/klikin/callback/extra?x=1',
          headers: d.headers,
          payload: d.body,
        })
      ).statusCode,
    ).toBe(200);
    const p = await paylican.signed(store, nextId());
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/webhooks/paylican${p.suffix}?x=1`,
          headers: p.headers,
          payload: p.body,
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/webhooks/paylican/x${p.suffix}`,
          headers: p.headers,
          payload: p.body,
        })
      ).statusCode,
    ).toBe(401);
    expect(seen.map((e) => e.provider)).toEqual(['waylet', 'paylican']);
    expect(
      (await app.inject({ method: 'POST', url: '/webhooks/waylet', headers: d.headers, payload: d.body })).statusCode,
    ).toBe(404); // Fastify's own 404
    await app.close();
  });

  it('a throwing handler answers 500, and the redelivery is processed once', async () => {
    const { paywire, store } = paywireFor(waylet.options);
    let calls = 0;
    const { app, faults } = await buildApp({
      paywire,
      on: {
        'payment.paid': () =>
          void (
            calls++ === 0 &&
            (() => {
              throw new Error('database down');
            })()
          ),
      },
    });
    const d = await waylet.signed(store, nextId());
    const send = () => app.inject({ method: 'POST', url: '/webhooks/waylet', headers: d.headers, payload: d.body });
    const first = await send();
    expect([first.statusCode, code(first)]).toEqual([500, 'ERR_HANDLER_FAILED']);
    expect(first.body).not.toContain('database down');
    expect([(await send()).statusCode, (await send()).statusCode, calls]).toEqual([200, 200, 2]);
    expect(faults).toEqual([]);
    await app.close();
  });

  it('a failing store answers 503 + Retry-After (retryable); a body a hook consumed goes to the app’s error handler', async () => {
    const broken: PaywireStore = { ...memoryStore(), claim: () => Promise.reject(new Error('store unreachable')) };
    const { paywire } = paywireFor(waylet.options, broken);
    const { app, faults } = await buildApp({ paywire });
    const d = await waylet.signed(broken, nextId());
    const res = await app.inject({ method: 'POST', url: '/webhooks/waylet', headers: d.headers, payload: d.body });
    expect([res.statusCode, res.headers['retry-after'], res.json().error.code]).toEqual([
      503,
      expect.any(String),
      'ERR_STORE_UNAVAILABLE',
    ]);
    const swallowing = await buildApp({ paywire: paywireFor(waylet.options).paywire }, (a) =>
      a.addHook('onRequest', (request, _reply, done) => void request.raw.resume().on('end', () => done())),
    );
    const consumed = await swallowing.app.inject({
      method: 'POST',
      url: '/webhooks/waylet',
      headers: d.headers,
      payload: d.body,
    });
    expect(consumed.statusCode).toBe(500);
    expect(swallowing.faults).toEqual([expect.objectContaining({ code: 'ERR_BODY_ALREADY_PARSED' })]);
    expect(faults).toHaveLength(0);
    await Promise.all([app.close(), swallowing.app.close()]);
  });

  it('sets request.paywire for the app’s onResponse hook', async () => {
    const { paywire, store } = paywireFor(waylet.options);
    const logged: unknown[] = [];
    const { app } = await buildApp({ paywire }, (a) =>
      a.addHook(
        'onResponse',
        async (request) =>
          void logged.push([
            request.paywire?.provider,
            request.paywire?.outcome,
            request.paywire?.events.length,
            request.paywire?.reply.status,
          ]),
      ),
    );
    const d = await waylet.signed(store, nextId());
    for (let i = 0; i < 2; i++)
      await app.inject({ method: 'POST', url: '/webhooks/waylet', headers: d.headers, payload: d.body });
    await app.inject({ method: 'GET', url: '/health' });
    expect(logged).toEqual([
      ['waylet', 'processed', 1, 200],
      ['waylet', 'duplicate', 1, 200],
      [undefined, undefined, undefined, undefined],
    ]);
    await app.close();
  });

  it.each([
    ['no paywire', {}, /options.paywire must be the instance/],
    ['an unknown event type', { on: { 'payment.settled': () => {} } }, /on\["payment.settled"\]: unknown event type/],
    [
      'a path for an unconfigured provider',
      { paths: { etpay: '/etpay' } },
      /paths.etpay: "etpay" is not a configured provider/,
    ],
    ['a zero limit', { limit: 0 }, /limit must be a positive number/],
    [
      'a path with Fastify route syntax',
      { paths: { waylet: '/waylet/:id' } },
      /paths.waylet must not contain ':' or '\*'/,
    ],
  ])('rejects register (and ready) with a TypeError for %s', async (_what, options, message) => {
    const { paywire } = paywireFor(waylet.options);
    const app = Fastify();
    const full = { paywire, ...options } as PaymentWebhooksOptions;
    if (!('paywire' in options) && _what === 'no paywire') delete (full as Partial<PaymentWebhooksOptions>).paywire;
    await expect(app.register(paymentWebhooks, full)).rejects.toThrow(TypeError);
    await expect(app.register(paymentWebhooks, full)).rejects.toThrow(message);
    await app.close().catch(() => {});
  });
});
