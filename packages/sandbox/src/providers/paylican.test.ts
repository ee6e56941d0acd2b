import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPaywire, isPaywireError, type PaymentEvent, type Paywire, ProviderApiError } from '@paywire/core';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../index.js';
import { triggers } from '../triggers.js';
import { read, silent } from '../__test-support__/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const order = (merchantReference: string, more: Record<string, unknown> = {}) => ({
  amount: '5100.00',
  type: 'XYZ',
  customerCode: 'ABC123',
  merchantReference,
  redirectionUrl: 'https://shop.example/paid',
  itemName: 'Item name',
  ...more,
});

let sandbox: Sandbox;
let merchant: Server;
afterEach(async () => {
  await sandbox?.close();
  merchant?.close();
});

type Webhook = {
  id: number;
  type: string;
  pendingWebhooks: number;
  data: { id: string; status: string; documentNo: string; paymentNo: string; totalAmount: number };
};

interface Setup {
  /** Answer of the merchant to delivery `n` when it is not paywire's. */
  forced?: (n: number) => number | undefined;
  /** The webhook URL in the merchant profile, without the guard token when false. @default true */
  withToken?: boolean;
  /** Keycloak's access-token lifespan in seconds. */
  lifespan?: number;
  paywire?: { password?: string; clock?: { now(): number } };
}

/**
 * A merchant (paywire behind node:http), a sandbox whose profile points at it, and a paywire logging every request it
 * sends.
 */
/** A token from the emulated Keycloak, by the password grant, as the client gets one. */
async function passwordToken(config: { keycloakUrl: string; clientId: string; username: string; password: string }) {
  const res = await fetch(
    `${config.keycloakUrl}/auth/realms/PGW/protocol/openid-connect/token`,
    form({ grant_type: 'password', client_id: config.clientId, username: config.username, password: config.password }),
  );
  return (await res.json()) as { access_token: string };
}

async function setup(options: Setup = {}) {
  let n = 0;
  const events: PaymentEvent[] = [];
  const webhooks: { url: string; body: string; json: Webhook }[] = [];
  merchant = createServer(async (req, res) => {
    const body = (await read(req)).toString();
    webhooks.push({ url: req.url ?? '', body, json: JSON.parse(body) as Webhook });
    const status = options.forced?.(n++);
    if (status !== undefined) return void res.writeHead(status).end('not now');
    const url = new URL(req.url ?? '/', 'http://merchant');
    const reply = await paywire.webhooks.handle({
      provider: 'paylican',
      rawBody: body,
      headers: req.headers,
      query: url.searchParams,
      path: '',
      remoteAddress: req.socket.remoteAddress,
    });
    res.writeHead(reply.status, reply.headers).end(reply.body);
  });
  await new Promise<void>((r) => merchant.listen(0, '127.0.0.1', r));
  const token = options.withToken === false ? '' : '?token=sandbox-paylican-webhook-token';
  const merchantUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/webhooks/paylican`;
  sandbox = await createSandbox({
    port: 0,
    retryIntervalMs: 10,
    merchant: { paylicanWebhookUrl: `${merchantUrl}${token}` },
  });
  const config = sandbox.providers().paylican;
  if (options.lifespan) await setLifespan(config.keycloakUrl, options.lifespan);
  const log: string[] = [];
  const dispatcher = new Agent().compose((dispatch) => (opts, handler) => {
    const grant = typeof opts.body === 'string' ? new URLSearchParams(opts.body).get('grant_type') : null;
    log.push(
      `${opts.method} ${opts.path.replace(/^\/paylican\/keycloak\/auth\/realms\/PGW\/protocol\/openid-connect/, 'keycloak')}${grant ? ` ${grant}` : ''}`,
    );
    return dispatch(opts, handler);
  });
  const paywire: Paywire<'paylican'> = createPaywire({
    providers: {
      paylican: { ...config, ...(options.paywire?.password ? { password: options.paywire.password } : {}) },
    },
    http: { dispatcher },
    logger: silent,
    ...(options.paywire?.clock ? { clock: options.paywire.clock } : {}),
  });
  paywire.on('*', (e) => void events.push(e));
  return { paywire, events, webhooks, log, config, merchantUrl };
}

const setLifespan = async (keycloakUrl: string, seconds: number) => {
  const res = await fetch(`${keycloakUrl}/auth/admin/realms/PGW`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessTokenLifespan: seconds }),
  });
  expect(res.status).toBe(204);
};

/** Follows the redirect URL like a browser: Keycloak's 302 to the payment page, then the page. */
async function openPaymentPage(redirectUrl: string) {
  const auth = await fetch(redirectUrl, { redirect: 'manual' });
  expect(auth.status).toBe(302);
  const location = auth.headers.get('location') ?? '';
  const page = await fetch(location, { redirect: 'manual' });
  return { location, status: page.status, html: await page.text() };
}

const click = (sandbox: Sandbox, invoiceId: string, action: string) => {
  const invoice = sandbox.state.get('paylican', invoiceId);
  return fetch(
    `${sandbox.url}/paylican/api/v1/pay/${String(invoice?.data.type)}/${encodeURIComponent(invoice?.reference ?? '')}/${invoiceId}/${action}`,
    { method: 'POST', redirect: 'manual' },
  );
};

describe('sandbox: Paylican Keycloak', () => {
  it('issues one token for several API calls and renews it with the refresh token after it expires', async () => {
    const { paywire, log } = await setup({ lifespan: 1 });
    const created = await Promise.all([
      paywire.paylican.createPayment(order('REF-1')),
      paywire.paylican.createPayment(order('REF-2')),
    ]);
    await paywire.paylican.voidInvoice(created[0].invoiceId);
    expect(log).toEqual([
      'POST keycloak/token password',
      'POST /paylican/api/v1/payment',
      'POST /paylican/api/v1/payment',
      `PATCH /paylican/invoices/${created[0].invoiceId}/void`,
    ]);
    await sleep(1100);
    await paywire.paylican.createPayment(order('REF-3'));
    expect(log.slice(4)).toEqual(['POST keycloak/token refresh_token', 'POST /paylican/api/v1/payment']);
  });

  it('answers 401 to an expired access token; paywire re-authenticates once and retries', async () => {
    const frozen = Date.now();
    const { paywire, log, config } = await setup({ lifespan: 0.2, paywire: { clock: { now: () => frozen } } });
    await paywire.paylican.createPayment(order('REF-1'));
    await sleep(300);
    await paywire.paylican.createPayment(order('REF-2'));
    expect(log).toEqual([
      'POST keycloak/token password',
      'POST /paylican/api/v1/payment',
      'POST /paylican/api/v1/payment',
      'POST keycloak/token refresh_token',
      'POST /paylican/api/v1/payment',
    ]);
    const token = await passwordToken(config);
    await sleep(300);
    const expired = await fetch(`${config.paymentUrl}/api/v1/payment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify(order('REF-3')),
    });
    expect([
      expired.status,
      expired.headers.get('www-authenticate'),
      ((await expired.json()) as { message: string }).message,
    ]).toEqual([401, 'Bearer realm="PGW", error="invalid_token", error_description="Token expired"', 'Token expired']);
  });

  it('wrong credentials: Keycloak 401 invalid_grant becomes ERR_PROVIDER_AUTH and no payment is sent', async () => {
    const { paywire, log } = await setup({ paywire: { password: 'not-the-password' } });
    const err = await paywire.paylican.createPayment(order('REF-1')).catch((e: unknown) => e);
    expect(isPaywireError(err, 'ERR_PROVIDER_AUTH')).toBe(true);
    expect((err as { details: unknown }).details).toMatchObject({
      reason: 'rejected',
      status: 401,
      keycloakError: 'invalid_grant',
    });
    expect(log).toEqual(['POST keycloak/token password']);
  });

  it('answers the token endpoint as Keycloak does', async () => {
    const { config } = await setup();
    const tokenUrl = `${config.keycloakUrl}/auth/realms/PGW/protocol/openid-connect/token`;
    const password = {
      grant_type: 'password',
      client_id: config.clientId,
      username: config.username,
      password: config.password,
    };
    const post = async (fields: Record<string, string>, url = tokenUrl) => {
      const res = await fetch(url, form(fields));
      return [res.status, (await res.json()) as Record<string, unknown>] as const;
    };
    const [status, ok] = await post(password);
    expect([status, ok.expires_in, ok.refresh_expires_in, ok.token_type]).toEqual([200, 300, 1800, 'Bearer']);
    expect(await post({ ...password, client_id: 'payment_adapter_client' }).then(([s]) => s)).toBe(200);
    expect(await post({ ...password, password: 'nope' })).toEqual([
      401,
      { error: 'invalid_grant', error_description: 'Invalid user credentials' },
    ]);
    expect((await post({ ...password, client_id: 'other' }))[1].error).toBe('invalid_client');
    expect(await post({ client_id: config.clientId })).toEqual([
      400,
      { error: 'invalid_request', error_description: 'Missing form parameter: grant_type' },
    ]);
    expect((await post({ ...password, grant_type: 'client_credentials' }))[1].error).toBe('unsupported_grant_type');
    expect(await post({ grant_type: 'refresh_token', client_id: config.clientId, refresh_token: 'forged' })).toEqual([
      400,
      { error: 'invalid_grant', error_description: 'Invalid refresh token' },
    ]);
    expect(
      (
        await post({
          grant_type: 'refresh_token',
          client_id: 'payment_adapter_client',
          refresh_token: String(ok.refresh_token),
        })
      )[0],
    ).toBe(400);
    expect(
      (
        await post({ grant_type: 'refresh_token', client_id: config.clientId, refresh_token: String(ok.refresh_token) })
      )[0],
    ).toBe(200);
    expect((await post(password, tokenUrl.replace('/PGW/', '/other/')))[0]).toBe(404);
    const asJson = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(password),
    });
    expect(asJson.status).toBe(400);
  });

  it('refuses bad authorization requests', async () => {
    const { paywire, config } = await setup();
    const { redirectUrl } = await paywire.paylican.createPayment(order('REF-1'));
    const url = new URL(redirectUrl);
    const answer = async (change: (q: URLSearchParams) => void) => {
      const u = new URL(url);
      change(u.searchParams);
      const res = await fetch(u, { redirect: 'manual' });
      return [res.status, /id="error">([^<]*)</.exec(await res.text())?.[1]];
    };
    expect(await answer((q) => q.set('client_id', 'other'))).toEqual([400, 'Client not found.']);
    expect(await answer((q) => q.set('redirect_uri', 'https://evil.example/steal'))).toEqual([
      400,
      'Invalid parameter: redirect_uri',
    ]);
    expect(await answer((q) => q.set('response_type', 'token'))).toEqual([400, 'Invalid parameter: response_type']);
    // the documented URL (no response_type) is accepted
    expect(
      (
        await fetch(
          paywire.paylican.paymentRedirectUrl(
            { type: 'XYZ', merchantReference: 'REF-1', invoiceId: 'X' },
            { oidcParams: false },
          ),
          { redirect: 'manual' },
        )
      ).status,
    ).toBe(302);
    expect((await fetch(redirectUrl.replace('/realms/PGW/', '/realms/other/'), { redirect: 'manual' })).status).toBe(
      404,
    );
    expect((await fetch(`${config.paymentUrl}/api/v1/pay/XYZ/REF-1/NOPE2024-00000?code=x`)).status).toBe(404);
  });
});

describe('sandbox: Paylican API', () => {
  it('validates payment requests and answers 400 with a JSON message', async () => {
    const { config, paywire } = await setup();
    const token = await passwordToken(config);
    const post = async (body: string, auth = `Bearer ${token.access_token}`) => {
      const res = await fetch(`${config.paymentUrl}/api/v1/payment`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body,
      });
      return [res.status, ((await res.json()) as { message: string }).message] as const;
    };
    const good = JSON.stringify(order('REF-1'));
    expect(await post(good, '')).toEqual([401, 'Full authentication is required to access this resource']);
    expect(await post(good, 'Bearer forged')).toEqual([401, 'Invalid token']);
    expect(await post(JSON.stringify(order('REF-1', { customerCode: undefined })))).toEqual([
      400,
      'customerCode: must not be blank',
    ]);
    expect(
      await post(JSON.stringify(order('REF-1', { redirectionUrl: `https://shop.example/${'x'.repeat(880)}` }))),
    ).toEqual([400, 'redirectionUrl: must not exceed 900 characters']);
    expect(await post(JSON.stringify(order('REF-1', { redirectionUrl: 'not a url' })))).toEqual([
      400,
      'redirectionUrl: must be an absolute http(s) URL',
    ]);
    for (const amount of ['"abc"', '-5', '0', '0.00', 'null'])
      expect(await post(good.replace('"5100.00"', amount))).toEqual([400, 'amount: must be a positive decimal']);
    expect(await post(JSON.stringify(order('REF-1', { additionalFields: [{ code: 1 }] })))).toEqual([
      400,
      'additionalFields: must be a list of { code, value } strings',
    ]);
    expect((await post('[1]'))[0]).toBe(400);
    // the exact decimal text is kept: paywire sends 5100.00 as a number token
    const { invoiceId, merchantReference } = await paywire.paylican.createPayment(order('REF-2'));
    expect([merchantReference, invoiceId]).toEqual(['REF-2', expect.stringMatching(/^XYZ\d{4}-[0-9a-f]{5}$/)]);
    expect(sandbox.state.get('paylican', invoiceId)?.amount).toBe('5100.00');
  });

  it('voids an unpaid invoice (204), 404s an unknown one and 409s a paid one', async () => {
    const { paywire, config } = await setup();
    const a = await paywire.paylican.createPayment(order('REF-1'));
    await expect(paywire.paylican.voidInvoice(a.invoiceId)).resolves.toBeUndefined();
    expect(sandbox.state.get('paylican', a.invoiceId)?.status).toBe('VOIDED');
    const page = await openPaymentPage(a.redirectUrl);
    expect(page.html).toContain('data-status="VOIDED"');
    expect(page.html).not.toContain('id="pay"');
    expect((await click(sandbox, a.invoiceId, 'pay')).status).toBe(409);
    const missing = await paywire.paylican.voidInvoice('XYZ2024-00000').catch((e: unknown) => e);
    expect(
      missing instanceof ProviderApiError && [missing.status, (missing.body as { message: string }).message],
    ).toEqual([404, 'invoice XYZ2024-00000 not found']);
    const b = await paywire.paylican.createPayment(order('REF-2'));
    await click(sandbox, b.invoiceId, 'pay');
    const paid = await paywire.paylican.voidInvoice(b.invoiceId).catch((e: unknown) => e);
    expect(paid instanceof ProviderApiError && paid.status).toBe(409);
    expect((await fetch(`${config.invoiceSystemUrl}/${a.invoiceId}/void`, { method: 'PATCH' })).status).toBe(401);
    await sandbox.settled();
  });
});

describe('sandbox: Paylican payment page and webhooks', () => {
  it('createPayment → redirect → payment page → Pay → payment.pending then payment.paid, customer sent back', async () => {
    const { paywire, events, webhooks, config } = await setup();
    const { invoiceId, redirectUrl } = await paywire.paylican.createPayment(order('REF-1234'));
    const page = await openPaymentPage(redirectUrl);
    expect(page.location).toMatch(
      new RegExp(`^${config.paymentUrl}/api/v1/pay/XYZ/REF-1234/${invoiceId}\\?session_state=[\\w-]+&code=[\\w-]+$`),
    );
    expect(page.status).toBe(200);
    expect(page.html).toContain('<td id="amount" class="amount">5100.00</td>');
    expect(page.html).toContain('data-status="UNPAID"');
    for (const id of ['pay', 'fail', 'reject']) expect(page.html).toContain(`id="${id}"`);
    const paid = await click(sandbox, invoiceId, 'pay');
    expect([paid.status, paid.headers.get('location')]).toEqual([303, 'https://shop.example/paid']);
    await sandbox.settled();
    expect(events.map((e) => [e.type, e.paymentId, e.providerPaymentId, e.amount?.value])).toEqual([
      ['payment.pending', 'REF-1234', invoiceId, '5100.00'],
      ['payment.paid', 'REF-1234', invoiceId, '5100.00'],
    ]);
    const [initiated, executed] = webhooks;
    expect([
      initiated?.json.type,
      initiated?.json.data.status,
      executed?.json.type,
      executed?.json.data.status,
    ]).toEqual(['invoice.payment_initiated', 'UNPAID', 'invoice.payment_initiated', 'PAID']);
    expect(initiated?.json.id).not.toBe(executed?.json.id);
    expect(initiated?.json.data.paymentNo).toBe(executed?.json.data.paymentNo);
    expect(executed?.body).toContain('"totalAmount":5100.00');
    expect(executed?.url).toBe('/webhooks/paylican?token=sandbox-paylican-webhook-token');
    const invoice = sandbox.state.get('paylican', invoiceId);
    expect(invoice?.status).toBe('PAID');
    expect(invoice?.attempts.map((a) => [a.status, a.answer, a.accepted])).toEqual([
      [200, '{"received":true}', true],
      [200, '{"received":true}', true],
    ]);
    expect((await openPaymentPage(redirectUrl)).html).toContain('data-status="PAID"');
    expect((await click(sandbox, invoiceId, 'pay')).status).toBe(409);
    expect(await (await fetch(sandbox.url)).text()).toContain('REF-1234');
  });

  it('Fail and Reject send payment_error / payment_rejected → payment.failed; the invoice stays payable', async () => {
    const { paywire, events } = await setup();
    const a = await paywire.paylican.createPayment(order('REF-A'));
    const b = await paywire.paylican.createPayment(order('REF-B', { amount: 75 }));
    expect((await click(sandbox, a.invoiceId, 'fail')).headers.get('location')).toBe('https://shop.example/paid');
    await click(sandbox, b.invoiceId, 'reject');
    await sandbox.settled();
    expect(events.map((e) => [e.paymentId, e.type, e.failure?.code, e.amount?.value]).sort()).toEqual([
      ['REF-A', 'payment.failed', 'payment_error', '5100.00'],
      ['REF-B', 'payment.failed', 'payment_rejected', '75'],
    ]);
    const page = await openPaymentPage(a.redirectUrl);
    expect(page.html).toContain('data-status="UNPAID"');
    expect(page.html).toContain('Last attempt: payment_error');
    await click(sandbox, a.invoiceId, 'pay');
    await sandbox.settled();
    expect(events.filter((e) => e.paymentId === 'REF-A').map((e) => e.type)).toEqual([
      'payment.failed',
      'payment.pending',
      'payment.paid',
    ]);
  });

  it('an Object.prototype name as the button action is a 404 that changes nothing; the invoice can still be paid', async () => {
    const { paywire, events, webhooks } = await setup();
    const { invoiceId } = await paywire.paylican.createPayment(order('REF-P'));
    for (const action of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const res = await click(sandbox, invoiceId, action);
      expect([action, res.status]).toEqual([action, 404]);
    }
    await sandbox.settled();
    expect([sandbox.state.get('paylican', invoiceId)?.status, webhooks, events]).toEqual(['UNPAID', [], []]);
    expect((await click(sandbox, invoiceId, 'pay')).status).toBe(303);
    await sandbox.settled();
    expect(events.map((e) => e.type)).toEqual(['payment.pending', 'payment.paid']);
  });

  it('retries until acknowledged, pendingWebhooks counting down, same webhook id (merchant answers 500 twice)', async () => {
    const { paywire, events, webhooks } = await setup({ forced: (n) => (n < 2 ? 500 : undefined) });
    const { invoiceId } = await paywire.paylican.createPayment(order('REF-R'));
    await click(sandbox, invoiceId, 'pay');
    await sandbox.settled();
    expect(webhooks.map((w) => [w.json.id, w.json.data.status, w.json.pendingWebhooks])).toEqual([
      [webhooks[0]?.json.id, 'UNPAID', 2],
      [webhooks[0]?.json.id, 'UNPAID', 1],
      [webhooks[0]?.json.id, 'UNPAID', 0],
      [webhooks[3]?.json.id, 'PAID', 2],
    ]);
    expect(sandbox.state.get('paylican', invoiceId)?.attempts.map((a) => [a.status, a.accepted])).toEqual([
      [500, false],
      [500, false],
      [200, true],
      [200, true],
    ]);
    expect(events.map((e) => e.type)).toEqual(['payment.pending', 'payment.paid']);
  });

  it('a merchant URL without the guard token gets 401 from paywire: recorded and retried, no event', async () => {
    const { paywire, events, webhooks } = await setup({ withToken: false });
    const { invoiceId } = await paywire.paylican.createPayment(order('REF-U'));
    await click(sandbox, invoiceId, 'fail');
    await sandbox.settled();
    const attempts = sandbox.state.get('paylican', invoiceId)?.attempts ?? [];
    expect(attempts.map((a) => [a.status, a.accepted])).toEqual([
      [401, false],
      [401, false],
      [401, false],
    ]);
    expect(attempts[0]?.answer).toContain('ERR_WEBHOOK_UNAUTHORIZED');
    expect(webhooks.map((w) => w.json.pendingWebhooks)).toEqual([2, 1, 0]);
    expect(events).toEqual([]);
  });

  it('no answer at all counts as a failed invocation and is retried', async () => {
    sandbox = await createSandbox({
      port: 0,
      retryIntervalMs: 10,
      merchant: { paylicanWebhookUrl: 'http://127.0.0.1:1/webhooks/paylican?token=sandbox-paylican-webhook-token' },
    });
    const paywire = createPaywire({ providers: { paylican: sandbox.providers().paylican }, logger: silent });
    const { invoiceId } = await paywire.paylican.createPayment(order('REF-N'));
    await click(sandbox, invoiceId, 'reject');
    await sandbox.settled();
    const attempts = sandbox.state.get('paylican', invoiceId)?.attempts ?? [];
    expect(attempts.map((a) => [a.status, a.accepted, a.answer.startsWith('no answer')])).toEqual([
      [undefined, false, true],
      [undefined, false, true],
      [undefined, false, true],
    ]);
  });

  it('paywire trigger paylican: paid / failed / canceled webhooks the merchant accepts (token added to --to)', async () => {
    const { events, merchantUrl } = await setup();
    const trigger = triggers.paylican!;
    for (const outcome of ['paid', 'failed', 'canceled'] as const) {
      const built = await trigger(outcome, { to: merchantUrl, paymentId: `T-${outcome}`, amount: '100.00' });
      expect(built.url).toBe(`${merchantUrl}?token=sandbox-paylican-webhook-token`);
      const res = await request(built.url!, { method: 'POST', headers: built.headers, body: built.body });
      expect([res.statusCode, await res.body.text()]).toEqual([200, '{"received":true}']);
    }
    expect(events.map((e) => [e.paymentId, e.type, e.failure?.code, e.amount?.value])).toEqual([
      ['T-paid', 'payment.paid', undefined, '100.00'],
      ['T-failed', 'payment.failed', 'payment_error', '100.00'],
      ['T-canceled', 'payment.failed', 'payment_rejected', '100.00'],
    ]);
    expect((await trigger('paid', { to: `${merchantUrl}?token=kept-token-0123456789` })).url).toBe(
      `${merchantUrl}?token=kept-token-0123456789`,
    );
    expect((await trigger('paid', { to: `${merchantUrl}?token=old`, token: 'given-token-0123456789' })).url).toBe(
      `${merchantUrl}?token=given-token-0123456789`,
    );
    expect(() => trigger('paid', { to: merchantUrl, amount: '1e3' })).toThrow('--amount');
  });
});
