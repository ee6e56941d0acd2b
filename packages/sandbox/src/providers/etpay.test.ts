import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPaywire, type PaymentEvent, ProviderApiError } from '@paywire/core';
import { testing } from '@paywire/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../index.js';
import { triggers } from '../triggers.js';
import { read, silent } from '../__test-support__/index.js';

let sandbox: Sandbox;
let merchant: Server;
afterEach(async () => {
  await sandbox?.close();
  merchant?.close();
});

interface Setup {
  /** Status the merchant answers before processing delivery `n` (200 = process it). */
  answer?: (n: number) => number;
  /** Name the merchant's URL per session (paywire option) instead of the sandbox's merchant profile. */
  perSession?: boolean;
  confirmWithApi?: boolean;
}

async function setup(options: Setup = {}) {
  let n = 0;
  const events: PaymentEvent[] = [];
  const replies: number[] = [];
  merchant = createServer(async (req, res) => {
    const status = options.answer?.(n++);
    const body = await read(req);
    if (status && status !== 200) return void res.writeHead(status).end('not now');
    const reply = await paywire.webhooks.handle({ provider: 'etpay', rawBody: body, headers: req.headers });
    replies.push(reply.status);
    res.writeHead(reply.status, reply.headers).end(reply.body);
  });
  await new Promise<void>((r) => merchant.listen(0, '127.0.0.1', r));
  const webhookUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/webhooks/etpay`;
  sandbox = await createSandbox({
    port: 0,
    retryIntervalMs: 10,
    merchant: { etpayWebhookUrl: options.perSession ? 'http://127.0.0.1:1/nobody' : webhookUrl },
  });
  const etpay = {
    ...sandbox.providers().etpay,
    confirmWithApi: options.confirmWithApi ?? false,
    ...(options.perSession ? { paymentWebhookUrl: webhookUrl } : {}),
  };
  const paywire = createPaywire({ providers: { etpay }, logger: silent });
  paywire.on('*', (e) => void events.push(e));
  return { paywire, events, replies, webhookUrl };
}

const click = (url: string, action: 'pay' | 'fail', bank = 'cl_santander') =>
  fetch(`${url}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `bank=${bank}`,
    redirect: 'manual',
  });

const post = (path: string, body: unknown) =>
  fetch(`${sandbox.url}/etpay/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('sandbox: ETpay', () => {
  it('initialize → funnel page → Pay → JWT notification verified by paywire; check_payment_status agrees', async () => {
    const { paywire, events } = await setup({ perSession: true });
    const done = 'http://127.0.0.1:1/order/A1001/done';
    const session = await paywire.etpay.initializeSession({
      merchantOrderId: 'A1001',
      orderAmount: 15990,
      userBankCode: 'cl_bci',
      paymentCompletedUrl: done,
      metadata: [{ name: 'Pedido', value: 'A1001', show: true }],
    });
    expect(session.redirectUrl).toBe(`${sandbox.url}/etpay/session/${session.sessionToken}`);
    const funnel = await fetch(session.redirectUrl);
    const html = await funnel.text();
    expect(funnel.status).toBe(200);
    expect(html).toContain('$15.990 CLP');
    expect(html).toContain('A1001');
    expect(html).toMatch(/<select id="bank" name="bank">.*<option value="cl_bci" selected>/s);
    expect(html).toMatch(/id="pay"[^>]*type="submit"/);
    expect(html).toMatch(/id="fail"[^>]*formaction="\/etpay\/session\/st[0-9a-f]+\/fail"/);

    const clicked = await click(session.redirectUrl, 'pay');
    expect([clicked.status, clicked.headers.get('location')]).toEqual([303, done]);
    await sandbox.settled();
    expect(events.map((e) => [e.type, e.paymentId, e.amount?.value, e.amount?.currency, e.source])).toEqual([
      ['payment.paid', 'A1001', '15990', 'CLP', 'webhook'],
    ]);
    const payment = sandbox.state.get('etpay', session.sessionToken);
    expect(payment?.data.bank).toBe('cl_santander');
    expect(events[0]?.providerPaymentId).toBe(payment?.data.paymentToken);
    expect(events[0]?.raw).toMatchObject({
      session_token: session.sessionToken,
      payment_status: 'success',
      user_rut: '11.111.111-1',
    });
    expect(payment?.attempts.map((a) => [a.status, a.answer, a.accepted])).toEqual([[200, 'ok', true]]);

    for (const key of [
      { merchantOrderId: 'A1001' },
      { sessionToken: session.sessionToken },
      { paymentToken: String(payment?.data.paymentToken) },
    ]) {
      const status = await paywire.etpay.checkPaymentStatus(key);
      expect([
        status.paymentStatus,
        status.merchantOrderId,
        status.orderAmount,
        status.sessionToken,
        status.paymentToken,
      ]).toEqual(['success', 'A1001', '15990', session.sessionToken, payment?.data.paymentToken]);
    }
    // a second click neither pays again nor notifies again
    expect((await click(session.redirectUrl, 'fail')).headers.get('location')).toBe(done);
    await sandbox.settled();
    expect(payment?.attempts).toHaveLength(1);
    expect(await (await fetch(session.redirectUrl)).text()).toContain('data-status="success"');
  });

  it('Fail → payment.failed to the profile URL, customer sent to the cancellation URL or the result page', async () => {
    const { paywire, events } = await setup();
    const back = 'http://127.0.0.1:1/order/B7/cancelled';
    const a = await paywire.etpay.initializeSession({
      merchantOrderId: 'B7',
      orderAmount: 500,
      paymentCancellationUrl: back,
    });
    const b = await paywire.etpay.initializeSession({ merchantOrderId: 'B8', orderAmount: 700 });
    expect((await click(a.redirectUrl, 'fail')).headers.get('location')).toBe(back);
    expect((await click(b.redirectUrl, 'fail')).headers.get('location')).toBe(`/etpay/session/${b.sessionToken}`);
    await sandbox.settled();
    expect(events.map((e) => [e.paymentId, e.type, e.failure?.code, e.amount?.value]).sort()).toEqual([
      ['B7', 'payment.failed', 'failed', '500'],
      ['B8', 'payment.failed', 'failed', '700'],
    ]);
    expect((await paywire.etpay.checkPaymentStatus({ merchantOrderId: 'B8' })).paymentStatus).toBe('failed');
    expect(await (await fetch(b.redirectUrl)).text()).toContain('data-status="failed"');
  });

  it('confirmWithApi: the merchant asks the sandbox and accepts what it agrees with, refuses what it does not', async () => {
    const { paywire, events, replies, webhookUrl } = await setup({ confirmWithApi: true });
    const paid = await paywire.etpay.initializeSession({ merchantOrderId: 'C1', orderAmount: 1200 });
    await click(paid.redirectUrl, 'pay');
    await sandbox.settled();
    expect(events.map((e) => [e.type, e.paymentId])).toEqual([['payment.paid', 'C1']]);
    // correctly signed "success" for a session still pending at the sandbox: the API does not agree yet (409 +
    // Retry-After, ETpay redelivers) ...
    const pending = await paywire.etpay.initializeSession(
      { merchantOrderId: 'C2', orderAmount: 1200 },
      { includeSignatureToken: true },
    );
    const early = await testing.etpay.notification({ ...pending, paymentStatus: 'success', paymentToken: null });
    const earlyReply = await fetch(webhookUrl, { method: 'POST', ...early });
    expect([earlyReply.status, earlyReply.headers.has('retry-after')]).toEqual([409, true]);
    // ... or does not know the payment_token at all (404 from the API → 502, ETpay would redeliver)
    const forged = await triggers.etpay?.('paid', {
      sessionToken: pending.sessionToken,
      signatureToken: pending.signatureToken,
    });
    expect((await fetch(webhookUrl, { method: 'POST', ...forged })).status).toBe(502);
    expect(replies).toEqual([200, 409, 502]);
    expect(events).toHaveLength(1);
  });

  it('paywire trigger etpay: signed with the session token, accepted by a merchant that knows the session', async () => {
    const { paywire, events, webhookUrl } = await setup();
    const s = await paywire.etpay.initializeSession(
      { merchantOrderId: 'D1', orderAmount: 900 },
      { includeSignatureToken: true },
    );
    const built = await triggers.etpay?.('canceled', {
      sessionToken: s.sessionToken,
      secret: s.signatureToken,
      amount: '900',
    });
    expect((await fetch(webhookUrl, { method: 'POST', ...built })).status).toBe(200);
    expect(events.map((e) => [e.type, e.paymentId, e.failure?.code])).toEqual([['payment.failed', 'D1', 'canceled']]);
    const unknown = await triggers.etpay?.('paid', { sessionToken: 'st-not-ours', signatureToken: s.signatureToken });
    expect((await fetch(webhookUrl, { method: 'POST', ...unknown })).status).toBe(401);
    await expect(Promise.resolve().then(() => triggers.etpay?.('paid', {}))).rejects.toThrow(/--session-token/);
  });

  it('retries the notification until the merchant acknowledges it', async () => {
    const { paywire, events } = await setup({ answer: (n) => (n < 2 ? 503 : 200) });
    const s = await paywire.etpay.initializeSession({ merchantOrderId: 'R1', orderAmount: 100 });
    await click(s.redirectUrl, 'pay');
    await sandbox.settled();
    expect(sandbox.state.get('etpay', s.sessionToken)?.attempts.map((a) => [a.status, a.accepted])).toEqual([
      [503, false],
      [503, false],
      [200, true],
    ]);
    expect(events.map((e) => e.paymentId)).toEqual(['R1']);
  });

  it('answers bad credentials 401, bad input 400, an unknown payment 404', async () => {
    sandbox = await createSandbox({ port: 0 });
    const { merchantCode, merchantApiToken } = sandbox.providers().etpay;
    const auth = { merchant_code: merchantCode, merchant_api_token: merchantApiToken };
    const wrong = createPaywire({
      providers: { etpay: { ...sandbox.providers().etpay, merchantApiToken: 'nope' } },
      logger: silent,
    });
    const denied = await wrong.etpay
      .initializeSession({ merchantOrderId: 'X1', orderAmount: 1 })
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(ProviderApiError);
    expect((denied as ProviderApiError).status).toBe(401);
    expect(
      (
        await post('/merchant/check_payment_status', {
          merchant_code: merchantCode,
          merchant_api_token: 'x',
          merchant_order_id: 'X1',
        })
      ).status,
    ).toBe(401);
    expect((await post('/session/initialize', { merchant_order_id: 'X1', order_amount: 1 })).status).toBe(401);

    const cases: [Record<string, unknown>, RegExp][] = [
      [{ merchant_order_id: 'A-1', order_amount: 10 }, /merchant_order_id/],
      [{ merchant_order_id: 'A'.repeat(65), order_amount: 10 }, /merchant_order_id/],
      [{ merchant_order_id: 'A1', order_amount: 10.5 }, /order_amount/],
      [{ merchant_order_id: 'A1', order_amount: 0 }, /order_amount/],
      [{ merchant_order_id: 'A1', order_amount: '10' }, /order_amount/],
      [{ merchant_order_id: 'A1', order_amount: 10, user_bank_code: 'cl_nope' }, /user_bank_code/],
      [{ merchant_order_id: 'A1', order_amount: 10, user_rut: '11.111.111-2' }, /user_rut/],
      [{ merchant_order_id: 'A1', order_amount: 10, payment_webhook_url: 'ftp://x' }, /payment_webhook_url/],
    ];
    for (const [body, message] of cases) {
      const res = await post('/session/initialize', { ...auth, ...body });
      expect([res.status, ((await res.json()) as { message: string }).message]).toEqual([
        400,
        expect.stringMatching(message),
      ]);
    }
    expect(
      (
        await fetch(`${sandbox.url}/etpay/api/session/initialize`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{',
        })
      ).status,
    ).toBe(400);
    expect((await post('/merchant/check_payment_status', auth)).status).toBe(400);
    expect(
      (await post('/merchant/check_payment_status', { ...auth, merchant_order_id: 'A1', session_token: 'st1' })).status,
    ).toBe(400);
    expect((await post('/merchant/check_payment_status', { ...auth, merchant_order_id: 'Nobody' })).status).toBe(404);

    const page = await fetch(`${sandbox.url}/etpay/session/st-unknown`);
    expect([page.status, page.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
    expect(await page.text()).toContain('Session not found');
    expect((await click(`${sandbox.url}/etpay/session/st-unknown`, 'pay')).status).toBe(404);
  });
});
