import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPaywire, isPaywireError, type PaywireError } from '../../index.js';
import {
  fakePaylican,
  GUARD_TOKEN,
  paylicanOptions,
  PASSWORD,
  paymentInput,
  paywireWithFake,
  recordingLogger,
  type FakePaylican,
} from './__fixtures__/paylican-api.js';

let fake: FakePaylican | undefined;
afterEach(async () => {
  await fake?.agent.close();
  fake = undefined;
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('paylican token manager', () => {
  it('shares one password-grant request across 20 concurrent createPayment calls, then reuses the token', async () => {
    fake = fakePaylican();
    const paywire = paywireWithFake(fake);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => paywire.paylican.createPayment(paymentInput(i))),
    );
    expect(results).toHaveLength(20);
    expect(fake.tokenRequests).toHaveLength(1);
    const form = fake.tokenRequests[0] as URLSearchParams;
    expect(Object.fromEntries(form)).toEqual({
      username: 'merchant-user',
      password: PASSWORD,
      grant_type: 'password',
      client_id: 'invoice-system-client',
    });
    expect(fake.apiRequests).toHaveLength(20);
    expect(new Set(fake.apiRequests.map((r) => r.authorization))).toEqual(new Set(['Bearer at-1']));
    await paywire.paylican.createPayment(paymentInput(21));
    expect(fake.tokenRequests).toHaveLength(1);
  });

  it('renews shortly before expires_in with the refresh token, and falls back to the password grant when it is refused', async () => {
    fake = fakePaylican();
    let t = 1_000_000;
    const paywire = paywireWithFake(fake, { clock: { now: () => t } });
    await paywire.paylican.createPayment(paymentInput(1));
    t += 269_000; // 300 s token, renewed 30 s early: still valid
    await paywire.paylican.createPayment(paymentInput(2));
    expect(fake.tokenRequests).toHaveLength(1);
    t += 2_000; // 271 s: inside the renewal window
    await paywire.paylican.createPayment(paymentInput(3));
    expect(fake.tokenRequests).toHaveLength(2);
    expect(Object.fromEntries(fake.tokenRequests[1] as URLSearchParams)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
      client_id: 'invoice-system-client',
    });
    expect(fake.apiRequests.at(-1)?.authorization).toBe('Bearer at-2');

    fake.tokenResponder = (form, n) =>
      form.get('grant_type') === 'refresh_token'
        ? { statusCode: 400, data: { error: 'invalid_grant', error_description: 'Token is not active' } }
        : { statusCode: 200, data: { access_token: `at-${n}`, expires_in: 300 } };
    t += 300_000;
    await paywire.paylican.createPayment(paymentInput(4));
    expect(fake.tokenRequests.map((f) => f.get('grant_type'))).toEqual([
      'password',
      'refresh_token',
      'refresh_token',
      'password',
    ]);
    expect(fake.apiRequests.at(-1)?.authorization).toBe('Bearer at-4');
    // no refresh token was issued with at-4: the next renewal goes straight to the password grant
    t += 300_000;
    await paywire.paylican.createPayment(paymentInput(5));
    expect(fake.tokenRequests.map((f) => f.get('grant_type')).slice(4)).toEqual(['password']);
  });

  it('re-authenticates exactly once and retries when the API answers 401', async () => {
    fake = fakePaylican();
    fake.apiResponder = (req, n) =>
      req.authorization === 'Bearer at-1'
        ? { statusCode: 401, data: { error: 'invalid_token' } }
        : { statusCode: 200, data: { invoiceId: `INV-${n}`, merchantReference: 'REF-1' } };
    const paywire = paywireWithFake(fake);
    const created = await paywire.paylican.createPayment(paymentInput(1));
    expect(created.invoiceId).toBe('INV-2');
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.apiRequests.map((r) => r.authorization)).toEqual(['Bearer at-1', 'Bearer at-2']);
  });

  it('gives up with ERR_PROVIDER_AUTH when a fresh token is refused too (no loop)', async () => {
    fake = fakePaylican();
    fake.apiResponder = () => ({ statusCode: 401, data: { error: 'invalid_token' } });
    const paywire = paywireWithFake(fake);
    const err = (await paywire.paylican.createPayment(paymentInput(1)).catch((e: unknown) => e)) as PaywireError;
    expect(err.code).toBe('ERR_PROVIDER_AUTH');
    expect(fake.apiRequests).toHaveLength(2);
    expect(fake.tokenRequests).toHaveLength(2);
  });

  it('turns Keycloak 5xx and rejected credentials into ERR_PROVIDER_AUTH without sending the payment', async () => {
    fake = fakePaylican();
    fake.tokenResponder = () => ({ statusCode: 503, data: { error: 'unavailable' } });
    const paywire = paywireWithFake(fake);
    const down = (await paywire.paylican.createPayment(paymentInput(1)).catch((e: unknown) => e)) as PaywireError;
    expect(isPaywireError(down, 'ERR_PROVIDER_AUTH')).toBe(true);
    expect(down.details).toMatchObject({ reason: 'unavailable', status: 503 });
    fake.tokenResponder = () => ({
      statusCode: 401,
      data: { error: 'invalid_grant', error_description: 'Invalid user credentials' },
    });
    const refused = (await paywire.paylican.createPayment(paymentInput(1)).catch((e: unknown) => e)) as PaywireError;
    expect(refused.code).toBe('ERR_PROVIDER_AUTH');
    expect(refused.details).toMatchObject({ reason: 'rejected', status: 401, keycloakError: 'invalid_grant' });
    expect(refused.message).toContain('check username, password and clientId');
    expect(fake.apiRequests).toHaveLength(0);
  });

  it('turns a refused connection to Keycloak into ERR_PROVIDER_AUTH (reason unreachable)', async () => {
    const port = await closedPort();
    const paywire = createPaywire({
      providers: {
        paylican: paylicanOptions({ keycloakUrl: `http://127.0.0.1:${port}`, paymentUrl: `http://127.0.0.1:${port}` }),
      },
      http: { retries: 0, timeoutMs: 2000 },
      logger: recordingLogger(),
    });
    const err = (await paywire.paylican.createPayment(paymentInput(1)).catch((e: unknown) => e)) as PaywireError;
    await paywire.close();
    expect(err.code).toBe('ERR_PROVIDER_AUTH');
    expect(err.details).toMatchObject({ reason: 'unreachable' });
  });

  it('never lets the password or the guard token reach an error message or a log line', async () => {
    fake = fakePaylican();
    const logger = recordingLogger();
    // Keycloak echoes the credentials back in its error body: paywire must still not repeat them.
    fake.tokenResponder = (form) => ({
      statusCode: 401,
      data: {
        error: 'invalid_grant',
        error_description: `bad credentials ${form.get('username')}:${form.get('password')}`,
      },
    });
    const paywire = paywireWithFake(fake, { logger });
    const errors: unknown[] = [];
    errors.push(await paywire.paylican.createPayment(paymentInput(1)).catch((e: unknown) => e));
    fake.tokenResponder = () => ({ statusCode: 500, data: `internal error while checking ${PASSWORD}` });
    errors.push(await paywire.paylican.voidInvoice('INV-1').catch((e: unknown) => e));
    await paywire.webhooks.handle({ provider: 'paylican', rawBody: '{}', query: { token: 'wrong-token-0000000000' } });
    const texts = errors.flatMap((e) => {
      const err = e as PaywireError & { cause?: { message?: string; body?: unknown } };
      return [
        err.message,
        JSON.stringify(err.details),
        String(err.cause?.message),
        JSON.stringify(err.cause?.body),
        String(err.stack),
      ];
    });
    expect(errors.every((e) => isPaywireError(e, 'ERR_PROVIDER_AUTH'))).toBe(true);
    for (const text of [...texts, ...logger.lines]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(GUARD_TOKEN);
    }
    expect(logger.lines.length).toBeGreaterThan(0);
  });
});
