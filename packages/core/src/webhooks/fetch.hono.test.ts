import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaywire } from '../paywire.js';
import { testing } from '../testing/index.js';
import { silentLogger } from '../__test-support__/index.js';

const secret = 'waylet-test-secret';
const paywire = createPaywire({
  providers: {
    waylet: { baseUrl: 'http://127.0.0.1:9', apiKey: 'k', commerceId: 'c', secret },
    paylican: {
      keycloakUrl: 'http://127.0.0.1:9',
      paymentUrl: 'http://127.0.0.1:9',
      username: 'm',
      password: 'p',
      webhookAuth: { allowIps: ['127.0.0.1'] },
    },
  },
  logger: silentLogger,
});
const seen: string[] = [];
paywire.on('*', (e) => void seen.push(e.provider));

/** The app as the README shows it: paywire's routes next to a JSON route of the app's own. */
const app = new Hono();
app.all('/webhooks/:provider/*', (c) =>
  paywire.webhooks.fetch(c.req.raw, { remoteAddress: getConnInfo(c).remote.address }),
);
app.all('/webhooks/:provider', (c) =>
  paywire.webhooks.fetch(c.req.raw, { remoteAddress: getConnInfo(c).remote.address }),
);
app.post('/orders', async (c) => c.json({ parsed: await c.req.json() }, 201));
app.onError((err, c) => c.json({ fault: err.message }, 500));

describe('paywire.webhooks.fetch in Hono on Node, over real HTTP on 127.0.0.1', () => {
  let server: ServerType;
  let base = '';
  beforeAll(
    () =>
      new Promise<void>((resolve) => {
        server = serve(
          { fetch: app.fetch, port: 0, hostname: '127.0.0.1' },
          (info: AddressInfo) => ((base = `http://127.0.0.1:${info.port}`), resolve()),
        );
      }),
  );
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves signed deliveries with the exact acknowledgement, and gives allowIps the TCP peer address', async () => {
    const d = testing.waylet.callback({ status: 'PAID', amount: 300 }, { secret });
    const res = await fetch(`${base}/webhooks/waylet`, { method: 'POST', headers: d.headers, body: d.body });
    expect([res.status, await res.text(), res.headers.get('content-type')]).toEqual([
      200,
      '{}',
      'application/json; charset=utf-8',
    ]);
    const p = testing.paylican.webhook({ status: 'PAID' }, {});
    const paylican = await fetch(`${base}/webhooks/paylican`, { method: 'POST', headers: p.headers, body: p.body });
    expect([paylican.status, await paylican.text()]).toEqual([200, '{"received":true}']);
    expect(seen).toEqual(['waylet', 'paylican']);
  });

  it('answers 405 with Allow, 415, 413 and 404 like the Node adapters; the app’s own routes keep their JSON', async () => {
    const get = await fetch(`${base}/webhooks/waylet`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    const xml = await fetch(`${base}/webhooks/waylet`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<a/>',
    });
    expect(xml.status).toBe(415);
    const big = await fetch(`${base}/webhooks/waylet`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(1024 * 1024 + 1),
    });
    expect(big.status).toBe(413);
    expect((await fetch(`${base}/webhooks/etpay`, { method: 'POST', body: '{}' })).status).toBe(404);
    const own = await fetch(`${base}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"id":7}',
    });
    expect([own.status, await own.json()]).toEqual([201, { parsed: { id: 7 } }]);
  });
});
