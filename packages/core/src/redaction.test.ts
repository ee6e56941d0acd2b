/**
 * Issue 13 (4, 9): every error path, run with a capturing logger; the thrown errors are serialized every way an
 * app may print them (message, String, JSON, util.inspect with the cause chain). No configured or runtime
 * secret, token, password or signature may appear — including credentials an API or proxy echoes back as text.
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useMockAgent } from './__test-support__/index.js';
import { createPaywire, memoryStore, type PaywireLogger } from './index.js';
import { signStartPayment } from './providers/waylet/index.js';
import { testing } from './testing/index.js';

const rnd = (prefix: string) => `${prefix}-${randomBytes(12).toString('hex')}`;
const mock = useMockAgent();

function capturing(): PaywireLogger & { text(): string } {
  const lines: string[] = [];
  const log = (level: string) => (message: string, meta?: Record<string, unknown>) =>
    void lines.push(`${level} ${message} ${inspect(meta, { depth: 20 })} ${JSON.stringify(meta ?? {})}`);
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    text: () => lines.join('\n'),
  };
}

/** Every way an app may print an error: message, String, JSON, inspect (stack, own fields, cause chain). */
function serialized(err: unknown): string {
  const parts: string[] = [String(err), inspect(err, { depth: 20 }), JSON.stringify(err)];
  for (let e: unknown = err, i = 0; e && i < 10; e = (e as { cause?: unknown }).cause, i++)
    parts.push(String((e as Error).message), String((e as Error).stack));
  return parts.join('\n');
}

function expectClean(text: string, secrets: readonly string[]): void {
  for (const s of secrets) expect(text, `leaked ${s.slice(0, 6)}…`).not.toContain(s);
}

const KEYCLOAK = 'http://kc.test';
const API = 'http://paylican-api.test';
const TOKEN_PATH = '/auth/realms/PGW/protocol/openid-connect/token';

describe('runtime credentials are redacted the moment paywire sees them', () => {
  it('paylican: an API echoing the Authorization header leaks no Keycloak token (message, cause, JSON, logs)', async () => {
    const password = rnd('pw');
    const guard = rnd('guard');
    const access = [rnd('at'), rnd('at')];
    const refresh = [rnd('rt'), rnd('rt')];
    let issued = 0;
    mock.agent
      .get(KEYCLOAK)
      .intercept({ path: TOKEN_PATH, method: 'POST' })
      .reply(() => {
        const n = issued++;
        return {
          statusCode: 200,
          data: JSON.stringify({
            access_token: access[n % 2],
            expires_in: 300,
            refresh_token: refresh[n % 2],
            token_type: 'Bearer',
          }),
          responseOptions: { headers: { 'content-type': 'application/json' } },
        };
      })
      .persist();
    // a proxy that echoes the request headers back as text, first with 400, then 401 twice
    const echo = (status: number) => (opts: { headers?: unknown }) => ({
      statusCode: status,
      data: `denied; you sent ${JSON.stringify(opts.headers)} authorization=${(opts.headers as Record<string, string>)['authorization']}`,
    });
    mock.agent.get(API).intercept({ path: '/api/v1/payment', method: 'POST' }).reply(echo(400));
    mock.agent.get(API).intercept({ path: '/api/v1/payment', method: 'POST' }).reply(echo(401)).times(2);
    const logger = capturing();
    const paywire = createPaywire({
      providers: {
        paylican: { keycloakUrl: KEYCLOAK, paymentUrl: API, username: 'u', password, webhookAuth: { token: guard } },
      },
      logger,
      http: { dispatcher: mock.agent, retries: 0 },
    });
    const input = {
      amount: '10.00',
      type: 'XYZ',
      customerCode: 'C',
      merchantReference: 'R',
      redirectionUrl: 'https://m.test/',
      itemName: 'i',
      beneficiaryCode: '20',
    };
    const errors = [
      await paywire.paylican.createPayment(input).catch((e: unknown) => e),
      await paywire.paylican.createPayment(input).catch((e: unknown) => e),
    ];
    expect(errors.map((e) => (e as { code: string }).code)).toEqual(['ERR_PROVIDER_API', 'ERR_PROVIDER_AUTH']);
    // the echo did reach the error (so the test would catch a leak), redacted
    expect((errors[0] as Error).message).toContain('[REDACTED]');
    // redacted errors keep their stack and cause chain
    expect(inspect(errors[1])).toContain('[cause]');
    expectClean(errors.map(serialized).join('\n') + logger.text(), [password, guard, ...access, ...refresh]);
  });

  it('etpay: a signature token echoed by the API is masked; it is never in initializeSession’s default result', async () => {
    const apiToken = rnd('api');
    const signatureToken = rnd('sig');
    const origin = 'http://etpay-api.test';
    mock.agent
      .get(origin)
      .intercept({ path: '/session/initialize', method: 'POST' })
      .reply(200, { token: 'st-red-1', signature_token: signatureToken });
    mock.agent
      .get(origin)
      .intercept({ path: '/merchant/check_payment_status', method: 'POST' })
      .reply(500, `oops: session st-red-1 key ${signatureToken} token ${apiToken}`);
    mock.agent
      .get(origin)
      .intercept({ path: '/merchant/check_payment_status', method: 'POST' })
      .reply(502, `again ${signatureToken}`);
    const logger = capturing();
    const store = memoryStore();
    const paywire = createPaywire({
      providers: {
        etpay: {
          apiUrl: origin,
          pmtUrl: 'https://pmt.test',
          merchantCode: 'm',
          merchantApiToken: apiToken,
          confirmWithApi: true,
        },
      },
      store,
      logger,
      http: { dispatcher: mock.agent, retries: 0 },
    });
    const session = await paywire.etpay.initializeSession({ merchantOrderId: 'O1', orderAmount: 100 });
    const error = await paywire.etpay.checkPaymentStatus({ sessionToken: 'st-red-1' }).catch((e: unknown) => e);
    // a notification for that session: confirmWithApi fails (echo) → 5xx reply; a forged one → 401
    const good = await testing.etpay.notification({ sessionToken: 'st-red-1', signatureToken });
    const forged = await testing.etpay.notification({ sessionToken: 'st-red-1', signatureToken: rnd('wrong') });
    const replies = [
      await paywire.webhooks.handle({ provider: 'etpay', rawBody: good.body }),
      await paywire.webhooks.handle({ provider: 'etpay', rawBody: forged.body }),
    ];
    expect(replies.map((r) => r.status)).toEqual([502, 401]);
    expectClean(JSON.stringify(session) + serialized(error) + JSON.stringify(replies) + logger.text(), [
      apiToken,
      signatureToken,
      good.jwt.split('.')[2] as string,
    ]);
  });

  it('waylet: API errors echoing the api key and request signature, forged callbacks and failing handlers leak nothing', async () => {
    const secret = rnd('wsec');
    const apiKey = rnd('wkey');
    const origin = 'http://waylet.test';
    const body = {
      customer: 'ana@example.com',
      amount: 300,
      commerceId: 'c',
      callbackUrl: 'https://shop.test/cb',
      paymentId: 'p1',
    };
    const signature = signStartPayment(body, { secret });
    mock.agent
      .get(origin)
      .intercept({ path: '/api/integrations/openwaylet/v1/payments/start', method: 'POST' })
      .reply(
        400,
        (opts) =>
          `bad request ${opts.body as string} key=${(opts.headers as Record<string, string>)['x-openwaylet-apikey']}`,
      );
    const logger = capturing();
    const paywire = createPaywire({
      providers: {
        waylet: { baseUrl: `${origin}/api`, apiKey, commerceId: 'c', secret, callbackUrl: 'https://shop.test/cb' },
      },
      store: memoryStore(),
      logger,
      http: { dispatcher: mock.agent, retries: 0 },
    });
    paywire.on('payment.paid', () => {
      throw new Error(`handler saw secret ${secret}`);
    });
    const error = await paywire.waylet
      .startPayment({ customer: body.customer, amount: 300, paymentId: 'p1' })
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain('[REDACTED]');
    const paid = testing.waylet.callback({ paymentId: 'p2' }, { secret });
    const forged = testing.waylet.callback({ paymentId: 'p3' }, { secret: rnd('other') });
    const replies = [
      await paywire.webhooks.handle({ provider: 'waylet', rawBody: paid.body }),
      await paywire.webhooks.handle({ provider: 'waylet', rawBody: forged.body }),
    ];
    expect(replies.map((r) => r.status)).toEqual([500, 401]);
    // (the verified event's `raw` keeps the provider's payload, signature included, for handlers: not checked here)
    expectClean(serialized(error) + JSON.stringify(replies.map((r) => [r.body, r.headers, r.error])) + logger.text(), [
      secret,
      apiKey,
      signature,
      paid.json['signature'] as string,
    ]);
  });
});
