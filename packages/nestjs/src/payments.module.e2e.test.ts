import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PaymentsModule, PAYWIRE } from './index.js';
import {
  Checkout,
  Flaky,
  providerHandlers,
  RequestScopedHandlers,
  startPaymentsApp,
  type AppSetup,
  type PaymentsApp,
  PLATFORMS,
} from './__fixtures__/payments-app.js';
import { PROVIDER_ROWS, type Delivery, type ProviderRow } from './__fixtures__/provider-rows.js';

const MODES = [['forRoot'], ['forRootAsync']] as const;
const waylet = PROVIDER_ROWS.find((r) => r.provider === 'waylet') as ProviderRow;
let sequence = 0;
const nextPaymentId = () => `order${Date.now().toString(36)}${sequence++}`;

function post(app: PaymentsApp, url: string, delivery: Delivery) {
  return app.http
    .post(`${url}${delivery.suffix ?? ''}`)
    .set(delivery.headers)
    .send(delivery.body);
}

function expectAck(res: { status: number; headers: Record<string, string>; text: string }, row: ProviderRow): void {
  expect({ status: res.status, contentType: res.headers['content-type'], body: res.text }).toEqual(row.ack);
}

describe.each(PLATFORMS)('on %s', (platform) => {
  describe.each(MODES)('PaymentsModule.%s', (mode) => {
    const variants: [string, Omit<AppSetup, 'mode'>][] = [
      ['rawBody: true', { rawBody: true }],
      ['parsed body (no rawBody)', { rawBody: false }],
      ['app-wide APP_FILTER and APP_GUARD', { rawBody: false, appWide: true }],
    ];

    describe.each(variants)('%s', (_name, setup) => {
      let app: PaymentsApp;
      beforeAll(async () => {
        app = await startPaymentsApp({ platform, mode, ...setup });
      });
      afterAll(() => app?.close());
      afterEach(() => {
        app.calls.calls.length = 0;
      });

      it.each(PROVIDER_ROWS.map((r) => [r.provider, r] as const))(
        'a signed %s delivery reaches the matching handlers and gets the exact acknowledgement',
        async (provider, row) => {
          const res = await post(app, `/payments/webhooks/${provider}`, await row.signed(app.store, nextPaymentId()));
          expectAck(res, row);
          expect(app.calls.handlers()).toEqual(
            ['Flaky.onPaid', 'Orders.onMoneyMoved', 'Orders.onPaid', `${provider}Handlers.onPaid`].sort(),
          );
          expect(app.calls.calls.every((c) => c.provider === provider && c.type === 'payment.paid')).toBe(true);
          expect(new Set(app.calls.calls.map((c) => c.eventId)).size).toBe(1);
        },
      );

      it.each(PROVIDER_ROWS.flatMap((r) => r.forgeries.map((f) => [r.provider, f.label, f] as const)))(
        'a forged %s delivery (%s) gets 401 from paywire and reaches no handler',
        async (provider, _what, forgery) => {
          const res = await post(
            app,
            `/payments/webhooks/${provider}`,
            await forgery.delivery(app.store, nextPaymentId()),
          );
          expect(res.status).toBe(401);
          expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
          expect(JSON.parse(res.text)).toMatchObject({ error: { code: expect.stringMatching(/^ERR_/) } });
          expect(app.calls.calls).toEqual([]);
        },
      );

      it('leaves a segment that names no paywire provider to the app, and answers malformed JSON with paywire’s 400', async () => {
        const unknown = await app.http
          .post('/payments/webhooks/stripe')
          .set('content-type', 'application/json')
          .send('{"a":1}');
        expect(unknown.status).toBe(setup.appWide ? 418 : 404);
        expect(unknown.text).not.toContain('ERR_PROVIDER_NOT_CONFIGURED');
        const bad = await app.http
          .post('/payments/webhooks/waylet')
          .set('content-type', 'application/json')
          .send('{"paymentId":');
        expect(bad.status).toBe(400);
        expect(JSON.parse(bad.text)).toMatchObject({ error: { code: 'ERR_PAYLOAD_INVALID' } });
      });

      it('reads a webhook body itself, past Nest’s parser limit up to webhooks.maxBodyBytes; over it paywire’s 413, not the app’s filter', async () => {
        const send = (path: string, bytes: number) =>
          app.http
            .post(path)
            .set('content-type', 'application/json')
            .send(JSON.stringify({ pad: 'x'.repeat(bytes) }));
        const large = await send('/payments/webhooks/waylet', 200_000); // over Nest's 100 kB JSON limit (Express)
        expect(large.status).toBe(400);
        expect(JSON.parse(large.text)).toMatchObject({ error: { code: 'ERR_PAYLOAD_INVALID' } });
        const tooLarge = await send('/payments/webhooks/waylet', 1024 * 1024);
        expect(tooLarge.status).toBe(413);
        expect(JSON.parse(tooLarge.text)).toMatchObject({ error: { code: 'ERR_BODY_TOO_LARGE' } });
        expect(app.calls.calls).toEqual([]);
      });

      if (setup.appWide) {
        it('the app-wide filter and guard are active on the app’s own routes', async () => {
          const res = await app.http.get('/health');
          expect(res.status).toBe(418);
          expect(res.body).toEqual({ rewritten: true });
        });
      }
    });

    describe('deliveries and handlers', () => {
      let app: PaymentsApp;
      beforeAll(async () => {
        app = await startPaymentsApp({ platform, mode, rawBody: true });
      });
      afterAll(() => app?.close());
      afterEach(() => {
        app.calls.calls.length = 0;
      });

      it('runs the handlers once for a duplicate delivery and acknowledges both', async () => {
        const delivery = await waylet.signed(app.store, nextPaymentId());
        expectAck(await post(app, '/payments/webhooks/waylet', delivery), waylet);
        expectAck(await post(app, '/payments/webhooks/waylet', delivery), waylet);
        expect(app.calls.handlers()).toEqual([
          'Flaky.onPaid',
          'Orders.onMoneyMoved',
          'Orders.onPaid',
          'wayletHandlers.onPaid',
        ]);
      });

      it('answers 500 when a handler throws, logs its class and method, and processes the redelivery once', async () => {
        const flaky = app.app.get(Flaky);
        flaky.failNext = 1;
        const attempts = flaky.attempts;
        const delivery = await waylet.signed(app.store, nextPaymentId());

        const first = await post(app, '/payments/webhooks/waylet', delivery);
        expect(first.status).toBe(500);
        expect(JSON.parse(first.text)).toMatchObject({ error: { code: 'ERR_HANDLER_FAILED' } });
        expect(app.calls.handlers()).not.toContain('Flaky.onPaid');
        const logged = app.logs.lines.find(
          (l) => l.level === 'error' && l.message.startsWith('Flaky.onPaid failed on waylet payment.paid'),
        );
        expect(logged?.extra.join('\n')).toContain('the orders database is unavailable');

        expectAck(await post(app, '/payments/webhooks/waylet', delivery), waylet);
        expectAck(await post(app, '/payments/webhooks/waylet', delivery), waylet);
        expect(flaky.attempts - attempts).toBe(2);
        expect(app.calls.handlers().filter((h) => h === 'Flaky.onPaid')).toEqual(['Flaky.onPaid']);
        // per-handler idempotency (#13): handlers are named Class.method, and the redelivery ran only Flaky.onPaid
        expect(app.calls.handlers()).toEqual([
          'Flaky.onPaid',
          'Orders.onMoneyMoved',
          'Orders.onPaid',
          'wayletHandlers.onPaid',
        ]);
      });

      it('injects the paywire instance with @InjectPaywire()', () => {
        const { paywire } = app.app.get(Checkout);
        expect(paywire).toBe(app.app.get(PAYWIRE));
        expect([...paywire.providers].sort()).toEqual(PROVIDER_ROWS.map((r) => r.provider).sort());
        expect(typeof paywire.client('waylet').startPayment).toBe('function');
      });
    });

    it('fails the bootstrap with a clear message when a handler names a provider that is not configured', async () => {
      const attempt = startPaymentsApp({
        platform,
        mode,
        rows: [waylet],
        handlers: [providerHandlers('waylet'), providerHandlers('etpay')],
      });
      await expect(attempt).rejects.toMatchObject({
        code: 'ERR_PROVIDER_NOT_CONFIGURED',
        message:
          'PaymentsModule: etpayHandlers.onPaid handles events from provider "etpay", which is not configured (configured: waylet). ' +
          "Configure it in the PaymentsModule options or remove it from the decorator's provider filter.",
      });
    });

    it('mounts the endpoint at webhooks.path under the global prefix, with a path rest and a query', async () => {
      const app = await startPaymentsApp({
        platform,
        mode,
        rows: [waylet],
        webhooks: { path: '/hooks/in/' },
        globalPrefix: 'api',
      });
      try {
        const delivery = await waylet.signed(app.store, nextPaymentId());
        expectAck(await post(app, '/api/hooks/in/waylet/any/rest?x=1', delivery), waylet);
        expect(app.calls.handlers()).toContain('Orders.onPaid');
        expect((await post(app, '/payments/webhooks/waylet', delivery)).status).toBe(404);
        expect((await app.http.get('/api/hooks/in/waylet')).status).toBe(405);
      } finally {
        await app.close();
      }
    });

    it('reads the body itself when the app has no body parser', async () => {
      const app = await startPaymentsApp({ platform, mode, rows: [waylet], bodyParser: false });
      try {
        expectAck(
          await post(app, '/payments/webhooks/waylet', await waylet.signed(app.store, nextPaymentId())),
          waylet,
        );
        expect(app.calls.handlers()).toContain('Orders.onPaid');
      } finally {
        await app.close();
      }
    });
  });

  describe.each([['forRootAsync:useClass'], ['forRootAsync:useExisting']] as const)('PaymentsModule.%s', (mode) => {
    it('builds the options with the factory class and serves signed deliveries', async () => {
      const app = await startPaymentsApp({ platform, mode, rows: [waylet] });
      try {
        expectAck(
          await post(app, '/payments/webhooks/waylet', await waylet.signed(app.store, nextPaymentId())),
          waylet,
        );
        expect(app.calls.handlers()).toContain('wayletHandlers.onPaid');
      } finally {
        await app.close();
      }
    });
  });

  describe('PaymentsModule handlers', () => {
    it('refuses a handler in a request-scoped provider at bootstrap', async () => {
      await expect(
        startPaymentsApp({ platform, mode: 'forRoot', rows: [waylet], handlers: [RequestScopedHandlers] }),
      ).rejects.toThrow(
        'PaymentsModule: RequestScopedHandlers.onPaid is a payment handler in a request-scoped or transient provider; handlers must live in singleton providers',
      );
    });
  });

  describe('PaymentsModule.forRootAsync', () => {
    it('is a ConfigurableModuleBuilder module: forRoot and forRootAsync return dynamic modules, global on request', () => {
      const local = PaymentsModule.forRoot({ providers: waylet.options });
      expect(local.module).toBe(PaymentsModule);
      expect(local.global).toBe(false);
      expect(
        PaymentsModule.forRootAsync({ useFactory: () => ({ providers: waylet.options }), isGlobal: true }).global,
      ).toBe(true);
    });
  });

  describe.each(MODES)('PaymentsModule.%s: a body consumed before it reaches the endpoint', (mode) => {
    it('answers 500 (ERR_BODY_ALREADY_PARSED, the provider retries) like the Express adapter, not a 400 for an empty body', async () => {
      const swallow = (req: NodeJS.ReadableStream, _res: unknown, next: () => void) =>
        void req.resume().on('end', () => next());
      const app = await startPaymentsApp({
        platform,
        mode,
        rows: [waylet],
        bodyParser: false,
        beforeListen: (nest) => nest.use(swallow),
      });
      try {
        const res = await post(app, '/payments/webhooks/waylet', await waylet.signed(app.store, nextPaymentId()));
        expect(res.status).toBe(500);
        expect(res.text).not.toContain('ERR_PAYLOAD_INVALID');
        expect(app.calls.calls).toEqual([]);
      } finally {
        await app.close();
      }
    });
  });
});
