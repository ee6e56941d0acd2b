import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { memoryStore, type PaywireStore } from '@paywire/core';
import {
  buildApp,
  majors,
  paylicanPeerCase,
  paywireFor,
  providerCases,
  wayletCase,
  type ExpressLib,
  type ProviderCase,
} from './__fixtures__/apps.js';
import { paymentWebhooks, sendReply } from './index.js';

const good = () => wayletCase.signed(memoryStore());

/** POSTs a fresh signed Waylet callback and checks it is processed: the app still serves after a refusal. */
async function expectStillServing(app: Parameters<typeof request>[0], seen: unknown[]): Promise<void> {
  const before = seen.length;
  const d = await good();
  const res = await request(app).post('/webhooks/waylet').set(d.headers).send(d.body);
  expect(res.status).toBe(200);
  expect(res.text).toBe('{}');
  expect(seen).toHaveLength(before + 1);
}

/** POSTs `chunks` with exactly `headers` (no Content-Length unless given: chunked) to a listening app. */
function postRaw(
  app: ReturnType<ExpressLib>,
  path: string,
  headers: Record<string, string>,
  chunks: string[],
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => server.close(() => resolve({ status: res.statusCode ?? 0, body })));
      });
      req.on('error', (err) => server.close(() => reject(err)));
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  });
}

describe.each(majors)('%s: answers', (_major, lib) => {
  it('refuses each client mistake with its own status and code, answers it directly, and keeps serving', async () => {
    const { paywire, seen } = paywireFor(wayletCase);
    const { app, faults } = buildApp(lib, { paywire, limit: 2048 });
    const d = await good();
    const cases: [string, () => request.Test, number, string][] = [
      ['wrong method', () => request(app).get('/webhooks/waylet'), 405, 'ERR_METHOD_NOT_ALLOWED'],
      [
        'wrong content type',
        () => request(app).post('/webhooks/waylet').type('form').send('a=b'),
        415,
        'ERR_UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'oversized body',
        () =>
          request(app)
            .post('/webhooks/waylet')
            .type('json')
            .send(JSON.stringify({ pad: 'x'.repeat(4096) })),
        413,
        'ERR_BODY_TOO_LARGE',
      ],
      [
        'malformed JSON',
        () => request(app).post('/webhooks/waylet').type('json').send('{"paymentId":'),
        400,
        'ERR_PAYLOAD_INVALID',
      ],
      [
        'unconfigured provider',
        () => request(app).post('/webhooks/etpay').set(d.headers).send(d.body),
        404,
        'ERR_PROVIDER_NOT_CONFIGURED',
      ],
    ];
    for (const [what, send, status, code] of cases) {
      const res = await send();
      expect(res.status, what).toBe(status);
      expect(res.headers['content-type'], what).toBe('application/json; charset=utf-8');
      expect(res.body, what).toEqual({ error: { code, message: expect.any(String) } });
      await expectStillServing(app, seen);
    }
    expect(faults).toEqual([]);
    expect((await request(app).get('/health')).text).toBe('ok');
  });

  it('405 names the allowed method, for every other method', async () => {
    const { paywire } = paywireFor(wayletCase);
    const { app } = buildApp(lib, { paywire });
    for (const method of ['get', 'put', 'patch', 'delete'] as const) {
      const res = await request(app)[method]('/webhooks/waylet');
      expect(res.status, method).toBe(405);
      expect(res.headers.allow, method).toBe('POST');
    }
  });

  it('accepts JSON, +json, text/plain and no content type; refuses other charsets and compressed bodies', async () => {
    const { paywire, seen } = paywireFor(wayletCase);
    const { app } = buildApp(lib, { paywire });
    for (const type of ['application/json; charset=utf-8', 'application/vnd.waylet+json', 'text/plain']) {
      const d = await good();
      expect((await request(app).post('/webhooks/waylet').set('content-type', type).send(d.body)).status, type).toBe(
        200,
      );
    }
    const d = await good();
    const noType = await postRaw(app, '/webhooks/waylet', { 'content-length': String(Buffer.byteLength(d.body)) }, [
      d.body,
    ]);
    expect(noType).toEqual({ status: 200, body: '{}' });
    expect(seen).toHaveLength(4);
    const latin1 = await request(app)
      .post('/webhooks/waylet')
      .set('content-type', 'application/json; charset=latin1')
      .send((await good()).body);
    expect(latin1.status).toBe(415);
    const gzip = await request(app)
      .post('/webhooks/waylet')
      .set('content-type', 'application/json')
      .set('content-encoding', 'gzip')
      .send((await good()).body);
    expect(gzip.status).toBe(415);
    expect(seen).toHaveLength(4);
  });

  it('reads the body itself when a global express.json() skipped it (JSON sent as text/plain)', async () => {
    const { paywire, seen } = paywireFor(wayletCase);
    const { app } = buildApp(lib, { paywire }, [lib.json()]);
    const d = await good();
    const res = await request(app).post('/webhooks/waylet').set('content-type', 'text/plain').send(d.body);
    expect([res.status, res.text]).toEqual([200, '{}']);
    expect(seen).toHaveLength(1);
  });

  it('413 for a body over the default 1 MiB, and for a chunked body over limit that declares no length', async () => {
    const { paywire, seen } = paywireFor(wayletCase);
    const big = await request(buildApp(lib, { paywire }).app)
      .post('/webhooks/waylet')
      .type('json')
      .send(`{"pad":"${'x'.repeat(1024 * 1024)}"}`);
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('ERR_BODY_TOO_LARGE');
    const { app } = buildApp(lib, { paywire, limit: '1kb' });
    const chunked = await postRaw(app, '/webhooks/waylet', { 'content-type': 'application/json' }, [
      '{"pad":"',
      'x'.repeat(700),
      'x'.repeat(700),
      '"}',
    ]);
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).error.code).toBe('ERR_BODY_TOO_LARGE');
    await expectStillServing(app, seen);
  });

  it('leaves other paths to the app, including ones under the mount path', async () => {
    const { paywire } = paywireFor(wayletCase);
    const { app } = buildApp(lib, { paywire });
    const res = await request(app).post('/webhooks/other').send('hello');
    expect(res.status).toBe(202);
    expect(res.text).toBe('app route');
    expect((await request(app).post('/webhooks/wayletx')).status).toBe(404); // not a prefix match
  });

  it('serves a provider on the path given in paths, and hands the rest of the path and the query on', async () => {
    const { paywire, seen } = paywireFor(wayletCase);
    const { app } = buildApp(lib, { paywire, paths: { waylet: '/klikin/callback' } });
    const d = await good();
    expect((await request(app).post('/webhooks/klikin/callback/extra?x=1').set(d.headers).send(d.body)).status).toBe(
      200,
    );
    expect(seen).toHaveLength(1);
    expect((await request(app).post('/webhooks/waylet').set(d.headers).send(d.body)).status).toBe(404); // the app's own 404
  });

  it('a throwing handler answers 500, and the redelivery is processed once', async () => {
    const { paywire } = paywireFor(wayletCase);
    let calls = 0;
    const { app, faults } = buildApp(lib, {
      paywire,
      on: {
        'payment.paid': () => {
          calls++;
          if (calls === 1) throw new Error('database down');
        },
      },
    });
    const d = await good();
    const first = await request(app).post('/webhooks/waylet').set(d.headers).send(d.body);
    expect(first.status).toBe(500);
    expect(first.body.error.code).toBe('ERR_HANDLER_FAILED');
    expect(first.text).not.toContain('database down');
    const again = await request(app).post('/webhooks/waylet').set(d.headers).send(d.body);
    expect([again.status, again.text]).toEqual([200, '{}']);
    const third = await request(app).post('/webhooks/waylet').set(d.headers).send(d.body);
    expect(third.status).toBe(200);
    expect(calls).toBe(2);
    expect(faults).toEqual([]);
  });

  it('runs handlers from on and from paywire.on', async () => {
    const { paywire, seen } = paywireFor(wayletCase);
    const fromOn: string[] = [];
    const { app } = buildApp(lib, {
      paywire,
      on: {
        'payment.paid': [(e) => void fromOn.push(`a:${e.id}`), (e) => void fromOn.push(`b:${e.id}`)],
        'payment.failed': () => void fromOn.push('failed'),
      },
    });
    const d = await good();
    await request(app).post('/webhooks/waylet').set(d.headers).send(d.body).expect(200);
    expect(fromOn).toEqual([`a:${seen[0]?.id}`, `b:${seen[0]?.id}`]);
  });

  it('names on-map handlers by their place, so a redelivery re-runs only the one that failed', async () => {
    const { paywire } = paywireFor(wayletCase);
    const ran: string[] = [];
    let fail = true;
    const b = () => {
      ran.push('b');
      if (fail) throw new Error('once');
    };
    const { app } = buildApp(lib, { paywire, on: { 'payment.paid': [() => void ran.push('a'), b] } });
    fail = true;
    const d = await good();
    await request(app).post('/webhooks/waylet').set(d.headers).send(d.body).expect(500);
    fail = false;
    await request(app).post('/webhooks/waylet').set(d.headers).send(d.body).expect(200);
    expect(ran).toEqual(['a', 'b', 'b']);
    expect(() => buildApp(lib, { paywire, on: { 'payment.paid': b } })).not.toThrow(); // a second router: its own names
  });

  it('answers a store outage 503 and a bug inside paywire with its own logged 500 (no stack, outcome "error")', async () => {
    // A store outage is paywire's own answer since #12: 503 + Retry-After, nothing for the error middleware.
    const down: PaywireStore = { ...memoryStore(), claim: () => Promise.reject(new Error('store unreachable')) };
    const outage = buildApp(lib, { paywire: paywireFor(wayletCase, down).paywire });
    const d = await good();
    const unavailable = await request(outage.app).post('/webhooks/waylet').set(d.headers).send(d.body);
    expect([unavailable.status, unavailable.headers['retry-after'], unavailable.body.error?.code]).toEqual([
      503,
      '5',
      'ERR_STORE_UNAVAILABLE',
    ]);
    expect(outage.faults).toEqual([]);
    // A store that answers garbage is a bug inside paywire: paywire's own 500 ERR_INTERNAL, nothing for the error
    // middleware.
    const corrupt: PaywireStore = {
      ...memoryStore(),
      getPayment: async () => ({ record: { paymentId: 42, providerPaymentId: 'x' } as never, version: 1 }),
    };
    const { app, faults } = buildApp(lib, { paywire: paywireFor(wayletCase, corrupt).paywire });
    const res = await request(app).post('/webhooks/waylet').set(d.headers).send(d.body);
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ error: { code: 'ERR_INTERNAL' } });
    expect(res.text).not.toMatch(/slice|at .*\.ts/); // no message or stack of the bug reaches the client
    expect(faults).toHaveLength(0);
  });

  it('sends a body consumed by another middleware with nothing left to the error middleware, with a diagnosis', async () => {
    const { paywire } = paywireFor(wayletCase);
    const swallow: RequestHandler = (req, _res, next) => {
      req.resume().on('end', () => next());
    };
    const { app, faults } = buildApp(lib, { paywire }, [swallow]);
    const d = await good();
    expect((await request(app).post('/webhooks/waylet').set(d.headers).send(d.body)).status).toBe(500);
    expect(faults).toEqual([
      expect.objectContaining({ code: 'ERR_BODY_ALREADY_PARSED', message: expect.stringContaining('rawBodySaver') }),
    ]);
  });

  it('sets req.paywire for a logger placed before the router and does not call next()', async () => {
    const { paywire } = paywireFor(wayletCase);
    const logged: unknown[] = [];
    const logger: RequestHandler = (req, res, next) => {
      res.on('finish', () =>
        logged.push([
          req.paywire?.provider,
          req.paywire?.outcome,
          req.paywire?.events.length,
          req.paywire?.reply.status,
        ]),
      );
      next();
    };
    let reachedAfter = false;
    const { app } = buildApp(lib, { paywire }, [logger], [(_req, _res, next) => ((reachedAfter = true), next())]);
    const d = await good();
    await request(app).post('/webhooks/waylet').set(d.headers).send(d.body).expect(200);
    await request(app).post('/webhooks/waylet').set(d.headers).send(d.body).expect(200);
    expect(logged).toEqual([
      ['waylet', 'processed', 1, 200],
      ['waylet', 'duplicate', 1, 200],
    ]);
    expect(reachedAfter).toBe(false);
  });

  it('with respond: false, hands req.paywire to the next middleware, which sends the reply', async () => {
    const { paywire } = paywireFor(wayletCase);
    const audit: unknown[] = [];
    const after: RequestHandler = (req, res) => {
      audit.push(req.paywire?.events.map((e) => e.type));
      sendReply(res, req.paywire!.reply);
    };
    const { app } = buildApp(lib, { paywire, respond: false }, [], [after]);
    const d = await good();
    const res = await request(app).post('/webhooks/waylet').set(d.headers).send(d.body);
    expect([res.status, res.text, res.headers['content-type']]).toEqual([200, '{}', 'application/json; charset=utf-8']);
    const refused = await request(app).get('/webhooks/waylet');
    expect([refused.status, refused.headers.allow]).toEqual([405, 'POST']);
    expect(audit).toEqual([['payment.paid'], []]);
  });

  it('serves every configured provider from one router, each with its own acknowledgement', async () => {
    const cases = providerCases.filter((c, i) => providerCases.findIndex((o) => o.provider === c.provider) === i);
    const all: ProviderCase = { ...wayletCase, options: Object.assign({}, ...cases.map((c) => c.options)) };
    const { paywire, store, seen } = paywireFor(all);
    const { app } = buildApp(lib, { paywire });
    for (const c of cases) {
      const d = await c.signed(store);
      const res = await request(app)
        .post(`/webhooks/${c.provider}${d.suffix ?? ''}`)
        .set(d.headers)
        .send(d.body);
      expect([res.status, res.text], c.label).toEqual([c.ack.status, c.ack.body]);
    }
    expect(seen.map((e) => e.provider)).toEqual(cases.map((c) => c.provider));
    expect(() => paymentWebhooks({ paywire, paths: { waylet: '/same', etpay: '/same' } })).toThrow(
      /waylet and etpay share the path \/same/,
    );
  });

  it('gives the provider the TCP peer address, never an X-Forwarded-For the app trusts', async () => {
    const auth = { allowIps: ['203.0.113.7'] };
    const options = { paylican: { ...paylicanPeerCase.options.paylican!, webhookAuth: auth } };
    const { paywire, seen } = paywireFor({ ...paylicanPeerCase, options });
    const { app } = buildApp(lib, { paywire });
    app.set('trust proxy', true);
    const d = await paylicanPeerCase.signed(memoryStore());
    const res = await request(app)
      .post('/webhooks/paylican')
      .set(d.headers)
      .set('x-forwarded-for', '203.0.113.7')
      .send(d.body);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ERR_WEBHOOK_FORBIDDEN');
    expect(seen).toEqual([]);
  });
});
