import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPaywire, type PaymentEvent, ProviderApiError } from '@paywire/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../index.js';
import { triggers } from '../triggers.js';
import { acknowledged } from './paykassma.js';
import { read, silent } from '../__test-support__/index.js';

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const pick = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];

let sandbox: Sandbox;
let merchant: Server;
afterEach(async () => {
  await sandbox?.close();
  merchant?.close();
});

type Postback = Record<string, unknown> & {
  access_key?: string;
  label: string;
  transactions?: Record<string, unknown>[];
};

/** A merchant whose answer to delivery `n` can be forced (otherwise paywire handles the postback). */
async function setup(forced?: (n: number) => string | undefined, format?: 'flat' | 'legacy') {
  let n = 0;
  const events: PaymentEvent[] = [];
  const postbacks: Postback[] = [];
  merchant = createServer(async (req, res) => {
    const body = await read(req);
    postbacks.push(JSON.parse(body.toString()) as Postback);
    const answer = forced?.(n++);
    if (answer !== undefined) return void res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
    const reply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: body, headers: req.headers });
    res.writeHead(reply.status, reply.headers).end(reply.body);
  });
  await new Promise<void>((r) => merchant.listen(0, '127.0.0.1', r));
  const paykassmaPostbackUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/webhooks/paykassma`;
  sandbox = await createSandbox({
    port: 0,
    retryIntervalMs: 10,
    merchant: { paykassmaPostbackUrl, ...(format ? { paykassmaPostbackFormat: format } : {}) },
  });
  const paywire = createPaywire({ providers: { paykassma: sandbox.providers().paykassma }, logger: silent });
  paywire.on('*', (e) => void events.push(e));
  const activate = (key1: string, customTransactionId: string, more: { amount?: string; currencyCode?: string } = {}) =>
    paywire.paykassma.activateTransaction({
      walletType: 'wavepay',
      currencyCode: more.currencyCode ?? 'MMK',
      label: 'user-55',
      key1,
      amount: more.amount ?? '6000',
      customTransactionId,
    });
  return { paywire, events, postbacks, activate };
}

describe('sandbox: Paykassma API', () => {
  it('create → activate ok: credited now, payment.paid once although the postback also arrives and is acknowledged', async () => {
    const { paywire, events, postbacks, activate } = await setup();
    const { identifier } = await paywire.paykassma.createTransaction({
      walletType: 'wavepay',
      currency: 'MMK',
      label: 'user-55',
    });
    expect(identifier).toMatch(/^0979000\d{4}$/);
    await expect(
      paywire.paykassma.createTransaction({ walletType: 'wavepay', currency: 'MMK', label: 'user-55' }),
    ).resolves.toEqual({ identifier });
    const answer = await activate('1394646476', 'dep-1');
    expect(answer).toMatchObject({
      status: 'ok',
      deposit: true,
      depositAmount: '6000',
      currency: { code: 'MMK', symbol: 'MMK' },
    });
    await sandbox.settled();
    expect(events.map((e) => [e.type, e.id, e.paymentId, e.amount?.value, e.amount?.currency])).toEqual([
      ['payment.paid', 'paykassma:custom:dep-1', 'dep-1', '6000', 'MMK'],
    ]);
    const payment = sandbox.state.find('paykassma', (p) => p.reference === 'dep-1');
    expect(payment?.status).toBe('PAID');
    expect(payment?.attempts.at(-1)).toMatchObject({ status: 200, answer: '{"status":"ok"}', accepted: true });
    // the current flat format by default: one operation, signature inside, no access_key, unix times
    const flat = postbacks.at(-1) as Record<string, unknown>;
    expect(flat).toMatchObject({
      signature: expect.stringMatching(/^[0-9a-f]{40}$/),
      label: 'user-55',
      transaction_id: Number(payment?.id),
      custom_transaction_id: 'dep-1',
      amount: 6000,
      currency_code: 'MMK',
      wallet_type: 'wavepay',
      status: 'Success',
      type: 'deposit',
    });
    expect(Object.keys(flat)[0]).toBe('signature');
    expect(flat).not.toHaveProperty('access_key');
    expect(flat).not.toHaveProperty('transactions');
    expect(Math.abs(Number(flat.created_at) * 1000 - Date.now())).toBeLessThan(60_000);
  });

  it('sends the legacy transactions body when the merchant profile asks for it', async () => {
    const { events, postbacks, activate } = await setup(undefined, 'legacy');
    await activate('1394646477', 'dep-legacy');
    await sandbox.settled();
    expect(events.map((e) => [e.type, e.id, e.paymentId])).toEqual([
      ['payment.paid', 'paykassma:custom:dep-legacy', 'dep-legacy'],
    ]);
    const payment = sandbox.state.find('paykassma', (p) => p.reference === 'dep-legacy');
    expect(payment?.attempts.at(-1)).toMatchObject({ status: 200, accepted: true });
    const [tx] = postbacks.at(-1)?.transactions ?? [];
    expect(postbacks.at(-1)).toMatchObject({
      access_key: sandbox.providers().paykassma.postbackAccessKey,
      label: 'user-55',
    });
    expect(tx).toMatchObject({
      transaction_id: Number(payment?.id),
      custom_id: 'dep-legacy',
      amount: 6000,
      currency_code: 'MMK',
      wallet_type: 'wavepay',
    });
    const created = Date.parse(`${String(tx?.created_datetime).replace(' ', 'T')}+08:00`);
    expect(Math.abs(created - Date.now())).toBeLessThan(60_000); // written in Manila time, without an offset
    expect(tx?.activated_datetime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('pending: the deposit arrives later by postback as payment.paid', async () => {
    const { events, activate } = await setup();
    const answer = await activate('2000000001', 'dep-2', { amount: '500.50' });
    expect(answer).toMatchObject({
      status: 'pending',
      message: expect.stringContaining('status check has been started'),
    });
    expect(sandbox.state.find('paykassma', (p) => p.reference === 'dep-2')?.status).toMatch(/PENDING|PAID/);
    await sandbox.settled(); // waits for the delayed postback too
    expect(events).toHaveLength(1);
    const payment = sandbox.state.find('paykassma', (p) => p.reference === 'dep-2');
    expect(events[0]).toMatchObject({
      type: 'payment.paid',
      source: 'webhook',
      paymentId: 'dep-2',
      providerPaymentId: payment?.id,
      amount: { value: '500.5', currency: 'MMK' },
    });
    expect(events[0]?.occurredAt).toBeInstanceOf(Date);
    expect([payment?.status, payment?.attempts.map((a) => a.accepted)]).toEqual(['PAID', [true]]);
  });

  it('possible_transaction_created and fail answers parse into their union members; a key1 or custom id is used once', async () => {
    const { events, activate } = await setup();
    await expect(activate('3000000001', 'dep-3')).resolves.toMatchObject({
      status: 'possible_transaction_created',
      message: 'Transaction not found. Possible transaction created',
    });
    await expect(activate('4000000001', 'dep-4')).resolves.toMatchObject({
      status: 'fail',
      message: 'Transaction not found',
    });
    await expect(activate('X1', 'dep-4')).resolves.toMatchObject({ status: 'fail' });
    await expect(activate('3000000001', 'dep-5')).resolves.toMatchObject({
      status: 'fail',
      message: 'Transaction 3000000001 has already been activated',
    });
    await expect(activate('1000000009', 'dep-3')).resolves.toMatchObject({
      status: 'fail',
      message: 'The custom transaction id has already been taken.',
    });
    await expect(activate('1000000010', 'dep-6', { currencyCode: 'BDT' })).resolves.toMatchObject({
      status: 'fail',
      message: 'Currency BDT is not available for wavepay',
    });
    await sandbox.settled();
    expect(events).toEqual([]);
    const possible = sandbox.state.find('paykassma', (p) => p.reference === 'dep-3');
    expect([possible?.status, possible?.attempts]).toEqual(['POSSIBLE_TRANSACTION', []]);
    expect(sandbox.state.list('paykassma')).toHaveLength(1);
  });

  it('answers 404 without the right secret, fail for a bad currency or wallet, 422 fail for missing fields', async () => {
    const { paywire } = await setup();
    const wrong = createPaywire({
      providers: { paykassma: { ...sandbox.providers().paykassma, apiSecret: 'not-the-secret' } },
      logger: silent,
    });
    const created = wrong.paykassma.createTransaction({ walletType: 'wavepay', currency: 'MMK', label: 'u' });
    await expect(created).rejects.toBeInstanceOf(ProviderApiError);
    await expect(created).rejects.toMatchObject({ status: 404 });
    await expect(
      wrong.paykassma.activateTransaction({
        walletType: 'wavepay',
        currencyCode: 'MMK',
        label: 'u',
        key1: '1',
        amount: 1,
        customTransactionId: 'x',
      }),
    ).rejects.toMatchObject({ status: 404 });
    const api = `${sandbox.providers().paykassma.apiUrl}/api/v1/transaction`;
    expect((await fetch(`${api}/create/wavepay`, { method: 'POST', body: '{}' })).status).toBe(404);
    await expect(
      paywire.paykassma.createTransaction({ walletType: 'wavepay', currency: 'BDT', label: 'u' }),
    ).rejects.toMatchObject({ details: { providerMessage: 'Currency BDT is not available for wavepay' } });
    await expect(
      paywire.paykassma.createTransaction({ walletType: 'mpesa', currency: 'KES', label: 'u' }),
    ).rejects.toMatchObject({ details: { providerMessage: 'Wallet type mpesa is not available' } });
    await expect(
      paywire.paykassma.createTransaction({ walletType: 'nagad', currency: 'BDT', label: 'u' }),
    ).resolves.toMatchObject({ identifier: expect.stringMatching(/^017/) });
    const secret = `?secret=${sandbox.providers().paykassma.apiSecret}`;
    const post = (path: string, body: unknown) =>
      fetch(`${api}/${path}${secret}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const noLabel = await post('create/wavepay', { currency: 'MMK', label: '' });
    expect([noLabel.status, await noLabel.json()]).toEqual([
      422,
      { status: 'fail', message: expect.stringContaining('label') },
    ]);
    const noKey = await post('activate', {
      currency_code: 'MMK',
      wallet_type: 'wavepay',
      label: 'u',
      amount: 5,
      custom_transaction_id: 'c',
    });
    expect([noKey.status, await noKey.json()]).toEqual([
      422,
      { status: 'fail', message: expect.stringContaining('key1') },
    ]);
    const noCustom = await post('activate', {
      currency_code: 'MMK',
      wallet_type: 'wavepay',
      label: 'u',
      key1: '1',
      amount: 5,
    });
    expect([noCustom.status, ((await noCustom.json()) as { message: string }).message]).toEqual([
      422,
      expect.stringContaining('custom transaction id'),
    ]);
  });

  it('an Object.prototype name as the wallet type is an unavailable wallet, not an existing one', async () => {
    const { paywire } = await setup();
    for (const walletType of ['constructor', 'toString', '__proto__']) {
      await expect(
        paywire.paykassma.createTransaction({ walletType, currency: 'MMK', label: 'u' }),
      ).rejects.toMatchObject({ details: { providerMessage: `Wallet type ${walletType} is not available` } });
    }
    const api = `${sandbox.providers().paykassma.apiUrl}/api/v1/transaction/activate?secret=${sandbox.providers().paykassma.apiSecret}`;
    const res = await fetch(api, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        currency_code: 'MMK',
        wallet_type: 'constructor',
        label: 'u',
        key1: '1000000001',
        amount: 5,
        custom_transaction_id: 'c-1',
      }),
    });
    expect(await res.json()).toEqual({ status: 'fail', message: 'Wallet type constructor is not available' });
    expect(sandbox.state.list('paykassma')).toEqual([]);
  });

  it('resends a postback until the merchant answers exactly 200 {"status":"ok"}', async () => {
    const { events, activate } = await setup((n) => ['OK', '{"status":"received"}'][n]);
    await expect(activate('2000000002', 'dep-r')).resolves.toMatchObject({ status: 'pending' });
    await waitFor(() => events.length === 1);
    await sandbox.settled();
    const attempts = sandbox.state.find('paykassma', (p) => p.reference === 'dep-r')?.attempts ?? [];
    expect(attempts.map((a) => [a.status, a.answer, a.accepted])).toEqual([
      [200, 'OK', false],
      [200, '{"status":"received"}', false],
      [200, '{"status":"ok"}', true],
    ]);
    expect([
      acknowledged(200, ' { "status": "ok" } '),
      acknowledged(201, '{"status":"ok"}'),
      acknowledged(200, '{"status":"ok","x":1}'),
      acknowledged(200, ''),
    ]).toEqual([true, false, false, false]);
  });
});

describe('sandbox: Paykassma payment window and Wavepay app', () => {
  it.each(['flat', 'legacy'] as const)(
    'renders the window; the Wavepay app gives a number; Activate credits it by a %s postback carrying the label as paymentId',
    async (format) => {
      const { paywire, events, postbacks } = await setup(undefined, format);
      const url = paywire.paykassma.paymentWindowUrl({
        label: 'user-77',
        walletType: 'wavepay',
        currencyCode: 'MMK',
        lang: 'en',
        successId: 12,
        failId: 13,
      });
      const html = await (await fetch(url)).text();
      const { identifier } = await paywire.paykassma.createTransaction({
        walletType: 'wavepay',
        currency: 'MMK',
        label: 'user-77',
      });
      expect(pick(html, 'wallet')).toBe(identifier);
      for (const id of ['amount', 'key1', 'activate', 'wavepay-app']) expect(html).toContain(`id="${id}"`);
      const app = /id="wavepay-app" href="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
      const appPage = await (await fetch(`${sandbox.url}${app}`)).text();
      expect(appPage).toContain('id="pay"');
      const paid = await (
        await fetch(
          `${sandbox.url}/paykassma/wavepay`,
          form({ wallet: identifier, currency: 'MMK', amount: '6000', back: '/x' }),
        )
      ).text();
      const key1 = pick(paid, 'transaction-number') ?? '';
      expect(key1).toMatch(/^1\d{9}$/);
      expect(pick(paid, 'number-fail')).toMatch(/^4\d{9}$/);
      const fields = Object.fromEntries(new URL(url).searchParams);
      const result = await fetch(`${sandbox.url}/paykassma/plugin/activate`, form({ ...fields, amount: '6000', key1 }));
      const resultPage = await result.text();
      expect([result.status, /data-status="(\w+)"/.exec(resultPage)?.[1]]).toEqual([200, 'ok']);
      expect(resultPage).toContain('success id <code>12</code>');
      await sandbox.settled();
      const payment = sandbox.state.find('paykassma', (p) => p.data.key1 === key1);
      // no custom id in the window: the merchant's id is the label it passed, signed in the postback
      expect(events.map((e) => [e.type, e.id, e.paymentId, e.amount?.value])).toEqual([
        ['payment.paid', `paykassma:tx:${payment?.id}`, 'user-77', '6000'],
      ]);
      if (format === 'legacy')
        expect(postbacks[0]?.transactions?.[0]).toMatchObject({ custom_id: null, label: 'user-77' });
      else expect(postbacks[0]).not.toHaveProperty('custom_transaction_id');
      const again = await (
        await fetch(`${sandbox.url}/paykassma/plugin/activate`, form({ ...fields, amount: '6000', key1 }))
      ).text();
      expect(again).toContain('data-status="fail"');
      expect(again).toContain('already been activated');
    },
  );

  it('links back to a raw fail_url, and refuses a window without its parameters or an amount', async () => {
    const { paywire } = await setup();
    const failUrl = 'http://127.0.0.1:1/shop/order/7';
    const url = paywire.paykassma.paymentWindowUrl(
      { label: 'user-8', walletType: 'wavepay', currencyCode: 'MMK', failUrl },
      { urlHasher: (u) => u },
    );
    const fields = Object.fromEntries(new URL(url).searchParams);
    const failed = await (
      await fetch(`${sandbox.url}/paykassma/plugin/activate`, form({ ...fields, amount: '10', key1: '4000000009' }))
    ).text();
    expect(failed).toContain(`id="back-to-merchant" href="${failUrl}"`);
    expect((await fetch(`${sandbox.url}/paykassma/plugin/?label=x`)).status).toBe(400);
    expect((await fetch(`${sandbox.url}/paykassma/plugin/?label=x&wallet_type=wavepay&currency_code=BDT`)).status).toBe(
      400,
    );
    const noAmount = await fetch(
      `${sandbox.url}/paykassma/plugin/activate`,
      form({ ...fields, amount: 'abc', key1: '1000000001' }),
    );
    expect([noAmount.status, await noAmount.text()]).toEqual([400, expect.stringContaining('id="error"')]);
    expect(sandbox.state.list('paykassma')).toEqual([]); // neither a refused nor an invalid activation records a transaction
  });

  it('answers object-valued JSON fields of the window and the Wavepay app with 400, not 500', async () => {
    await setup();
    const json = (path: string, body: unknown) =>
      fetch(`${sandbox.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const window = { label: 'user-8', wallet_type: 'wavepay', currency_code: 'MMK', key1: '1000000001' };
    const activation = await json('/paykassma/plugin/activate', { ...window, amount: { toString: 1 } });
    expect([activation.status, await activation.text()]).toEqual([
      400,
      expect.stringContaining('The amount must be a number greater than zero.'),
    ]);
    expect((await json('/paykassma/wavepay', { wallet: { toString: 1 }, amount: '5' })).status).toBe(400);
    expect(sandbox.state.list('paykassma')).toEqual([]);
  });
});

describe('paywire trigger paykassma', () => {
  it('builds a signed flat postback by default (paid or failed), the legacy one with --format legacy; canceled does not exist', async () => {
    const { paywire, events } = await setup();
    const { body, headers } = await triggers.paykassma!('paid', { paymentId: 'dep-9', amount: '750.25' });
    expect(JSON.parse(body)).toMatchObject({ status: 'Success', custom_transaction_id: 'dep-9' });
    const reply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: body, headers });
    expect([reply.status, reply.body, reply.headers['x-paywire-signature-scheme']]).toEqual([
      200,
      '{"status":"ok"}',
      'flat',
    ]);
    const failed = await triggers.paykassma!('failed', { paymentId: 'dep-10' });
    expect((await paywire.webhooks.handle({ provider: 'paykassma', rawBody: failed.body, headers })).status).toBe(200);
    const legacy = await triggers.paykassma!('paid', { paymentId: 'dep-11', format: 'legacy' });
    expect(JSON.parse(legacy.body)).toHaveProperty('transactions');
    const legacyReply = await paywire.webhooks.handle({ provider: 'paykassma', rawBody: legacy.body, headers });
    expect([legacyReply.status, legacyReply.headers['x-paywire-signature-scheme']]).toEqual([200, 'transactions']);
    expect(events.map((e) => [e.type, e.paymentId, e.amount?.value, e.failure?.code])).toEqual([
      ['payment.paid', 'dep-9', '750.25', undefined],
      ['payment.failed', 'dep-10', '500', 'Rejected'],
      ['payment.paid', 'dep-11', '500', undefined],
    ]);
    for (const format of [undefined, 'legacy']) {
      const forged = await triggers.paykassma!('paid', { privateKey: 'someone-else', format });
      expect((await paywire.webhooks.handle({ provider: 'paykassma', rawBody: forged.body, headers })).status).toBe(
        401,
      );
    }
    expect(() => triggers.paykassma!('failed', { format: 'legacy' })).toThrow(/no "failed" postback/);
    expect(() => triggers.paykassma!('canceled', {})).toThrow(/no "canceled" postback/);
  });
});
