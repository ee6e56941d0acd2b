import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPaywire, type PaymentEvent, ProviderApiError } from '@paywire/core';
import { signStartPayment } from '@paywire/core/waylet';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../index.js';
import { read, silent } from '../__test-support__/index.js';

let sandbox: Sandbox;
let merchant: Server;
afterEach(async () => {
  await sandbox?.close();
  merchant?.close();
});

async function setup(answer?: (n: number) => number) {
  sandbox = await createSandbox({ port: 0, retryIntervalMs: 10 });
  let n = 0;
  const events: PaymentEvent[] = [];
  merchant = createServer(async (req, res) => {
    const status = answer?.(n++);
    const body = await read(req);
    if (status && status !== 200) return void res.writeHead(status).end('not now');
    const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody: body, headers: req.headers });
    res.writeHead(reply.status, reply.headers).end(reply.body);
  });
  await new Promise<void>((r) => merchant.listen(0, '127.0.0.1', r));
  const callbackUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/webhooks/waylet`;
  const paywire = createPaywire({
    providers: { waylet: { ...sandbox.providers().waylet, callbackUrl } },
    logger: silent,
  });
  paywire.on('*', (e) => void events.push(e));
  return { paywire, events };
}

const click = (sandbox: Sandbox, id: string, action: string) =>
  fetch(`${sandbox.url}/waylet/app/payments/${id}/${action}`, { method: 'POST', redirect: 'manual' });

describe('sandbox: Waylet', () => {
  it('start → app page → Pay → signed callback verified by paywire', async () => {
    const { paywire, events } = await setup();
    const { wayletPaymentId } = await paywire.waylet.startPayment({
      customer: 'ana@example.com',
      amount: 1250,
      paymentId: 'order-1',
    });
    const app = await (await fetch(`${sandbox.url}/waylet/app/ana%40example.com`)).text();
    expect(app).toContain('order-1');
    expect(app).toContain('12.50 €');
    expect((await click(sandbox, wayletPaymentId, 'pay')).status).toBe(303);
    await sandbox.settled();
    expect(events.map((e) => [e.type, e.paymentId, e.amount?.value])).toEqual([['payment.paid', 'order-1', '1250']]);
    const payment = sandbox.state.get('waylet', wayletPaymentId);
    expect(payment?.status).toBe('PAID');
    expect(payment?.attempts.map((a) => [a.status, a.answer, a.accepted])).toEqual([[200, '{}', true]]);
    const dashboard = await (await fetch(sandbox.url)).text();
    expect(dashboard).toContain('order-1');
  });

  it('refuse and cancel produce failed and canceled events; refunds follow the API', async () => {
    const { paywire, events } = await setup();
    const a = await paywire.waylet.startPayment({ customer: 'bo@example.com', amount: 100, paymentId: 'order-a' });
    await paywire.waylet.startPayment({ customer: 'bo@example.com', amount: 200, paymentId: 'order-b' });
    const c = await paywire.waylet.startPayment({ customer: 'bo@example.com', amount: 300, paymentId: 'order-c' });
    await click(sandbox, a.wayletPaymentId, 'refuse');
    await paywire.waylet.cancelPayment({ paymentId: 'order-b' });
    await click(sandbox, c.wayletPaymentId, 'pay');
    await sandbox.settled();
    expect(events.map((e) => `${e.paymentId}:${e.type}`).sort()).toEqual([
      'order-a:payment.failed',
      'order-b:payment.canceled',
      'order-c:payment.paid',
    ]);
    expect(events.find((e) => e.type === 'payment.failed')?.failure?.code).toBe('INSUFFICIENT_FUNDS');
    await expect(paywire.waylet.refundPayment({ paymentId: 'order-c', amount: '100' })).resolves.toEqual({
      refundedAmount: '100',
    });
    await expect(paywire.waylet.refundPayment({ paymentId: 'order-a', amount: '100' })).rejects.toBeInstanceOf(
      ProviderApiError,
    );
  });

  it('answers a bad API key 401, a bad signature 400 and a reused paymentId 409', async () => {
    sandbox = await createSandbox({ port: 0 });
    const creds = sandbox.providers().waylet;
    const fields = {
      customer: 'c@example.com',
      amount: 1,
      commerceId: creds.commerceId,
      paymentId: 'p-1',
      callbackUrl: 'http://127.0.0.1:1/cb',
    };
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(`${creds.baseUrl}/integrations/openwaylet/v1/payments/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    expect((await post({ 'x-openwaylet-apikey': 'nope' }, fields)).status).toBe(401);
    const bad = await post({ 'x-openwaylet-apikey': creds.apiKey }, { ...fields, signature: 'ab'.repeat(64) });
    expect([bad.status, ((await bad.json()) as { code: string }).code]).toEqual([400, 'INVALID_SIGNATURE']);
    const signed = { ...fields, signature: signStartPayment(fields, { secret: creds.secret }) };
    expect((await post({ 'x-openwaylet-apikey': creds.apiKey }, signed)).status).toBe(201);
    expect((await post({ 'x-openwaylet-apikey': creds.apiKey }, signed)).status).toBe(409);
  });

  it('an Object.prototype name as the app action is a 404 that changes nothing; the payment can still be paid', async () => {
    const { paywire, events } = await setup();
    const { wayletPaymentId } = await paywire.waylet.startPayment({
      customer: 'e@example.com',
      amount: 7,
      paymentId: 'order-p',
    });
    for (const action of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const res = await click(sandbox, wayletPaymentId, action);
      expect([action, res.status]).toEqual([action, 404]);
    }
    await sandbox.settled();
    const payment = sandbox.state.get('waylet', wayletPaymentId);
    expect([payment?.status, payment?.attempts, events]).toEqual(['PENDING', [], []]);
    expect((await click(sandbox, wayletPaymentId, 'pay')).status).toBe(303);
    await sandbox.settled();
    expect(events.map((e) => [e.type, e.paymentId])).toEqual([['payment.paid', 'order-p']]);
  });

  it('answers 400 (never 500) to object-valued fields, and the sandbox keeps working', async () => {
    sandbox = await createSandbox({ port: 0 });
    const creds = sandbox.providers().waylet;
    const post = async (path: string, body: Record<string, unknown>) => {
      const res = await fetch(`${creds.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-openwaylet-apikey': creds.apiKey },
        body: JSON.stringify({ commerceId: creds.commerceId, ...body }),
      });
      return [res.status, ((await res.json()) as { code: string }).code] as const;
    };
    const evil = { toString: 1 };
    const start = {
      customer: 'c@example.com',
      amount: 1,
      paymentId: 'p-1',
      callbackUrl: 'http://127.0.0.1:1/cb',
      signature: 'a',
    };
    const v1 = '/integrations/openwaylet/v1/payments';
    expect(await post(`${v1}/cancel`, { paymentId: evil, signature: 'a' })).toEqual([400, 'BAD_REQUEST']);
    expect(await post(`${v1}/cancel`, { paymentId: 'p-1', signature: evil })).toEqual([400, 'INVALID_SIGNATURE']);
    expect(await post(`${v1}/start`, { ...start, paymentId: evil })).toEqual([400, 'BAD_REQUEST']);
    expect(await post(`${v1}/start`, { ...start, customer: evil })).toEqual([400, 'BAD_REQUEST']);
    expect(await post(`${v1}/start`, { ...start, callbackUrl: evil })).toEqual([400, 'BAD_REQUEST']);
    expect(await post(`${v1}/start/qr`, { ...start, qrContent: evil })).toEqual([400, 'BAD_REQUEST']);
    expect(await post(`${v1}/start`, { ...start, signature: evil })).toEqual([400, 'INVALID_SIGNATURE']);
    for (const version of ['v1', 'v2']) {
      expect(
        await post(`/integrations/openwaylet/${version}/payments/refund`, {
          paymentId: evil,
          amount: '1',
          signature: 'a',
        }),
      ).toEqual([400, 'BAD_REQUEST']);
      expect(
        await post(`/integrations/openwaylet/${version}/payments/refund`, {
          paymentId: 'p-1',
          amount: evil,
          signature: 'a',
        }),
      ).toEqual([400, 'INVALID_AMOUNT']);
    }
    const web = {
      amount: '100',
      urlOk: 'http://127.0.0.1:1/ok',
      urlKo: 'http://127.0.0.1:1/ko',
      urlClose: 'http://127.0.0.1:1/close',
    };
    expect(await post('/openwaylet/web/v1/transactions', { ...web, externalId: evil })).toEqual([400, 'BAD_REQUEST']);
    expect(await post('/openwaylet/web/v1/transactions', { ...web, externalId: 'x-1', urlOk: evil })).toEqual([
      400,
      'BAD_REQUEST',
    ]);
    expect(sandbox.state.list('waylet')).toEqual([]);
    const signed = {
      ...start,
      signature: signStartPayment({ ...start, commerceId: creds.commerceId }, { secret: creds.secret }),
    };
    expect(await post(`${v1}/start`, signed).then(([status]) => status)).toBe(201);
  });

  it('retries a callback the merchant did not acknowledge', async () => {
    const { paywire, events } = await setup((n) => (n < 2 ? 503 : 200));
    const { wayletPaymentId } = await paywire.waylet.startPayment({
      customer: 'd@example.com',
      amount: 5,
      paymentId: 'order-r',
    });
    await click(sandbox, wayletPaymentId, 'pay');
    await sandbox.settled();
    expect(sandbox.state.get('waylet', wayletPaymentId)?.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(events).toHaveLength(1);
  });
});
