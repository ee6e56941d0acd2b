import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminHooksController,
  GithubHooksController,
  startPaymentsApp,
  type PaymentsApp,
  PLATFORMS,
} from './__fixtures__/payments-app.js';
import { PROVIDER_ROWS, type ProviderRow } from './__fixtures__/provider-rows.js';
import { gzip, paywireCode, rawRequest } from './__fixtures__/raw-http.js';

const MODES = [['forRoot'], ['forRootAsync']] as const;
const row = (name: string) => PROVIDER_ROWS.find((r) => r.provider === name) as ProviderRow;
const [waylet, paylican] = [row('waylet'), row('paylican')];
const JSON_TYPE = { 'content-type': 'application/json' };
const LIMIT = 4096;
let sequence = 0;
const nextPaymentId = () => `edge${Date.now().toString(36)}${sequence++}`;

/** The app's APP_FILTER answers 418 {"rewritten":true}: seeing it means Nest's exception layer answered. */
const rewritten = (a: { status: number; text: string }) => a.status === 418 && a.text === '{"rewritten":true}';

describe.each(PLATFORMS)('on %s', (platform) => {
  describe.each(MODES)('PaymentsModule.%s: the webhook path next to the app’s own routes', (mode) => {
    let app: PaymentsApp;
    beforeAll(async () => {
      app = await startPaymentsApp({
        platform,
        mode,
        rows: [waylet, paylican],
        webhooks: { path: 'webhooks', maxBodyBytes: LIMIT },
        appWide: 'filter',
        controllers: [GithubHooksController, AdminHooksController],
      });
    });
    afterAll(() => app?.close());
    afterEach(() => {
      app.calls.calls.length = 0;
    });
    const send = (path: string, opts: Omit<Parameters<typeof rawRequest>[1], 'path'> = {}) =>
      rawRequest(app.port, { path, ...opts });

    it('answers a provider segment that is not valid percent-encoding with paywire’s 400, with or without a body-parser error', async () => {
      if (platform === 'fastify') {
        // Fastify's router refuses any URL that is not valid percent-encoding itself, before a route runs: its own 400
        for (const path of ['/webhooks/%zz', '/webhooks/paylican/%zz']) {
          const res = await send(path, { headers: JSON_TYPE, body: '{}' });
          expect({ status: res.status, code: paywireCode(res) }).toEqual({ status: 400, code: undefined });
        }
        return;
      }
      for (const body of ['{bad', '{}']) {
        const res = await send('/webhooks/%zz', { headers: JSON_TYPE, body });
        expect({ status: res.status, code: paywireCode(res) }).toEqual({ status: 400, code: 'ERR_PAYLOAD_INVALID' });
      }
      // the rest after the provider segment reaches paywire undecoded (Paylican decodes its path token itself)
      for (const body of ['{bad', '{}']) {
        const rest = await send('/webhooks/paylican/%zz', { headers: JSON_TYPE, body });
        expect(rest.status).toBeGreaterThanOrEqual(400);
        expect(rest.status).toBeLessThan(500);
        expect(paywireCode(rest)).toMatch(/^ERR_/);
      }
      const token = await send('/webhooks/paylican/%zz', { headers: { 'content-type': 'text/plain' }, body: '{}' });
      expect({ status: token.status, code: paywireCode(token) }).toEqual({
        status: 401,
        code: 'ERR_WEBHOOK_UNAUTHORIZED',
      });
    });

    it('leaves the app’s own routes under the webhook path to the app, and keeps paywire’s 404 for a supported but unconfigured provider', async () => {
      const github = await send('/webhooks/github', { headers: JSON_TYPE, body: '{"zen":"hi"}' });
      expect({ status: github.status, body: JSON.parse(github.text) }).toEqual({
        status: 201,
        body: { app: 'github', body: { zen: 'hi' } },
      });
      expect(rewritten(await send('/webhooks/github', { headers: JSON_TYPE, body: '{bad' }))).toBe(true);
      expect(rewritten(await send('/webhooks/stripe', { headers: JSON_TYPE, body: '{}' }))).toBe(true);
      const etpay = await send('/webhooks/etpay', { headers: JSON_TYPE, body: '{}' });
      expect({ status: etpay.status, code: paywireCode(etpay) }).toEqual({
        status: 404,
        code: 'ERR_PROVIDER_NOT_CONFIGURED',
      });
      const etpayBadJson = await send('/webhooks/etpay', { headers: JSON_TYPE, body: '{bad' });
      expect({ status: etpayBadJson.status, code: paywireCode(etpayBadJson) }).toEqual({
        status: 404,
        code: 'ERR_PROVIDER_NOT_CONFIGURED',
      });
    });

    it('does not answer body errors of routes that merely contain <path>/<provider>', async () => {
      const ok = await send('/admin/webhooks/waylet', { headers: JSON_TYPE, body: '{"a":1}' });
      expect({ status: ok.status, body: JSON.parse(ok.text) }).toEqual({
        status: 201,
        body: { admin: 'waylet', body: { a: 1 } },
      });
      expect(rewritten(await send('/admin/webhooks/waylet', { headers: JSON_TYPE, body: '{bad' }))).toBe(true);
      expect(rewritten(await send('/admin/webhooks/github', { headers: JSON_TYPE, body: '{bad' }))).toBe(true);
    });

    it('refuses a body over webhooks.maxBodyBytes from Content-Length, before reading it, with 413 and connection: close', async () => {
      const res = await send('/webhooks/waylet', {
        headers: { 'content-type': 'text/plain', 'content-length': LIMIT + 1 },
        body: 'x'.repeat(LIMIT + 1),
      });
      expect({ status: res.status, code: paywireCode(res), connection: res.headers['connection'] }).toEqual({
        status: 413,
        code: 'ERR_BODY_TOO_LARGE',
        connection: 'close',
      });
    });

    it('stops reading a chunked body as soon as it passes webhooks.maxBodyBytes', async () => {
      const res = await send('/webhooks/waylet', {
        headers: { 'content-type': 'text/plain' },
        stream: 256 * 1024 * 1024,
      });
      expect({ status: res.status, code: paywireCode(res), connection: res.headers['connection'] }).toEqual({
        status: 413,
        code: 'ERR_BODY_TOO_LARGE',
        connection: 'close',
      });
      expect(res.written).toBeLessThan(32 * 1024 * 1024);
      expect(app.calls.calls).toEqual([]);
    });

    it('reads a text/plain delivery itself (within the limit) and verifies it', async () => {
      const delivery = await waylet.signed(app.store, nextPaymentId());
      const res = await send('/webhooks/waylet', {
        headers: { ...delivery.headers, 'content-type': 'text/plain; charset=utf-8' },
        body: delivery.body,
      });
      expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: '{}' });
      expect(app.calls.handlers()).toContain('Orders.onPaid');
    });

    it.each([
      ['application/xml', '<a/>'],
      ['application/x-www-form-urlencoded', 'a=1'],
      ['application/json; charset=latin1', '{}'],
    ])('answers content-type %s with paywire’s 415', async (type, body) => {
      const res = await send('/webhooks/waylet', { headers: { 'content-type': type }, body });
      expect({ status: res.status, code: paywireCode(res) }).toEqual({
        status: 415,
        code: 'ERR_UNSUPPORTED_MEDIA_TYPE',
      });
    });

    it('accepts application/*+json (the forged signature then answers 401)', async () => {
      for (const forgery of waylet.forgeries) {
        const delivery = await forgery.delivery(app.store, nextPaymentId());
        const res = await send('/webhooks/waylet', {
          headers: { ...delivery.headers, 'content-type': 'application/vnd.waylet+json' },
          body: delivery.body,
        });
        expect(res.status, forgery.label).toBe(401);
      }
    });

    it('answers a corrupt or any compressed body with paywire’s 415, not the app’s filter', async () => {
      for (const body of ['{}', gzip('{}')]) {
        const res = await send('/webhooks/waylet', { headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body });
        expect({ status: res.status, code: paywireCode(res) }).toEqual({
          status: 415,
          code: 'ERR_UNSUPPORTED_MEDIA_TYPE',
        });
      }
    });

    it('answers other methods on a provider path with 405 and Allow: POST; other paths stay the app’s', async () => {
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const res = await send('/webhooks/waylet', { method });
        expect({ status: res.status, allow: res.headers['allow'], code: paywireCode(res) }).toEqual({
          status: 405,
          allow: 'POST',
          code: 'ERR_METHOD_NOT_ALLOWED',
        });
      }
      const head = await send('/webhooks/waylet', { method: 'HEAD' });
      expect({ status: head.status, allow: head.headers['allow'] }).toEqual({ status: 405, allow: 'POST' });
      expect((await send('/webhooks/etpay', { method: 'GET' })).status).toBe(404);
      expect(rewritten(await send('/webhooks/github', { method: 'GET' }))).toBe(true);
    });
  });

  describe.each(MODES)('PaymentsModule.%s: webhook path options', (mode) => {
    it.each(['', '/', '///'])('refuses webhooks.path %j at startup with a TypeError', async (path) => {
      await expect(startPaymentsApp({ platform, mode, rows: [waylet], webhooks: { path } })).rejects.toThrow(
        /^PaymentsModule: webhooks\.path must not be empty \(got ".*"\); the webhook endpoint needs a path of its own/,
      );
    });

    it('uses paywire’s default limit of 1 MiB when webhooks.maxBodyBytes is not set', async () => {
      const app = await startPaymentsApp({ platform, mode, rows: [waylet], bodyParser: false });
      try {
        const over = await rawRequest(app.port, {
          path: '/payments/webhooks/waylet',
          headers: { 'content-type': 'text/plain', 'content-length': 1024 * 1024 + 1 },
          body: 'x',
        });
        expect({ status: over.status, code: paywireCode(over) }).toEqual({ status: 413, code: 'ERR_BODY_TOO_LARGE' });
        const under = await rawRequest(app.port, {
          path: '/payments/webhooks/waylet',
          headers: { 'content-type': 'text/plain' },
          body: 'x'.repeat(1024 * 1024),
        });
        expect(paywireCode(under)).not.toBe('ERR_BODY_TOO_LARGE');
      } finally {
        await app.close();
      }
    });

    it('anchors the endpoint at the global prefix: the same path without it is the app’s', async () => {
      const app = await startPaymentsApp({
        platform,
        mode,
        rows: [waylet],
        webhooks: { path: 'webhooks' },
        globalPrefix: 'api',
        appWide: 'filter',
      });
      try {
        expect(
          rewritten(await rawRequest(app.port, { path: '/webhooks/waylet', headers: JSON_TYPE, body: '{bad' })),
        ).toBe(true);
        const ours = await rawRequest(app.port, { path: '/api/webhooks/waylet', headers: JSON_TYPE, body: '{bad' });
        expect(ours.status).toBeLessThan(500);
        expect(paywireCode(ours)).toMatch(/^ERR_/);
      } finally {
        await app.close();
      }
    });
  });
});
