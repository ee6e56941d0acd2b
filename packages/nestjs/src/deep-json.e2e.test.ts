/**
 * Issue 13 (1): NestJS without `rawBody: true` hands paywire the body its parser built. A document nested 10,000
 * deep used to overflow the stack on re-serialization, and Nest answered 500 (or the app's APP_FILTER did).
 * Now paywire answers 400 itself, on every provider route, with or without an app-wide filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPaymentsApp, type AppSetup, type PaymentsApp } from './__fixtures__/payments-app.js';
import { PROVIDER_ROWS } from './__fixtures__/provider-rows.js';

const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

describe.each([
  ['parsed body (no rawBody)', { rawBody: false }],
  ['app-wide APP_FILTER and APP_GUARD', { rawBody: false, appWide: true }],
  ['rawBody: true', { rawBody: true }],
] as [string, Omit<AppSetup, 'mode'>][])('NestJS, %s', (_name, setup) => {
  let app: PaymentsApp;
  beforeAll(async () => {
    app = await startPaymentsApp({ mode: 'forRoot', ...setup });
  });
  afterAll(() => app?.close());

  it.each(PROVIDER_ROWS.map((r) => [r.provider] as const))(
    '%s: a body nested 10,000 deep → paywire 400, no stack, no handler',
    async (provider) => {
      const res = await app.http
        .post(`/payments/webhooks/${provider}`)
        .set('content-type', 'application/json')
        .send(deep(10_000));
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'ERR_PAYLOAD_INVALID' } });
      expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
      expect(app.calls.calls).toEqual([]);
    },
  );
});
