import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testing } from '@paywire/core/testing';
import type { FastifyInstance } from 'fastify';
import { PROVIDER_ROWS, buildApp, paywireCode, paywireFor, rawRequest, type ProviderRow } from './__fixtures__/app.js';

const waylet = PROVIDER_ROWS.find((r) => r.provider === 'waylet') as ProviderRow;
const paylicanIps = {
  paylican: {
    keycloakUrl: 'http://127.0.0.1:9',
    paymentUrl: 'http://127.0.0.1:9',
    username: 'm',
    password: 'p',
    webhookAuth: { allowIps: ['127.0.0.1'] },
  },
};

describe('paymentWebhooks (Fastify) over real HTTP on 127.0.0.1', () => {
  const { paywire, store, seen } = paywireFor({ ...waylet.options, ...paylicanIps });
  let app: FastifyInstance;
  let port = 0;
  beforeAll(async () => {
    ({ app } = await buildApp({ paywire, limit: '64kb' }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(() => app.close());

  it('verifies a signed delivery, with and without a Content-Type, and answers the exact acknowledgement', async () => {
    const d = await waylet.signed(store, 'http-1');
    const res = await fetch(`http://127.0.0.1:${port}/webhooks/waylet`, {
      method: 'POST',
      headers: d.headers,
      body: d.body,
    });
    expect([res.status, await res.text(), res.headers.get('content-type')]).toEqual([
      200,
      '{}',
      'application/json; charset=utf-8',
    ]);
    const bare = await waylet.signed(store, 'http-2');
    const noType = await rawRequest(port, {
      path: '/webhooks/waylet',
      headers: { 'content-length': Buffer.byteLength(bare.body) },
      body: bare.body,
    });
    expect([noType.status, noType.text]).toEqual([200, '{}']);
    expect(seen.map((e) => e.paymentId)).toEqual(['http-1', 'http-2']);
  });

  it('gives Paylican’s allowIps guard the TCP peer address', async () => {
    const d = testing.paylican.webhook({ status: 'PAID' }, {});
    const res = await rawRequest(port, { path: '/webhooks/paylican', headers: d.headers, body: d.body });
    expect(res.status).toBe(200);
  });

  it('stops reading a chunked body as soon as it passes the limit: 413 with connection: close', async () => {
    const res = await rawRequest(port, {
      path: '/webhooks/waylet',
      headers: { 'content-type': 'text/plain' },
      stream: 64 * 1024 * 1024,
    });
    expect({ status: res.status, code: paywireCode(res), connection: res.headers['connection'] }).toEqual({
      status: 413,
      code: 'ERR_BODY_TOO_LARGE',
      connection: 'close',
    });
    expect(res.written).toBeLessThan(16 * 1024 * 1024);
  });
});
