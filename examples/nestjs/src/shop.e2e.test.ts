/**
 * The NestJS shop end to end on 127.0.0.1: the sandbox and the shop wired to each other, a customer placing orders
 * and paying on the sandbox's hosted pages over real HTTP, and the order turning paid (or failed) through the
 * `@OnPaymentPaid()` / `@OnPaymentFailed()` handlers.
 */
import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { click, link, open, waitFor, type Page } from '@paywire/example-shop/customer';
import { createSandbox, sandboxCredentials, type Sandbox } from '@paywire/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from './app.module.js';
import type { Env } from './config.js';

interface OrderRow {
  id: string;
  provider: string;
  amount: string;
  status: string;
  events: string[];
}

interface Flow {
  provider: 'waylet' | 'paylican' | 'paykassma' | 'etpay';
  expect: 'paid' | 'failed';
  /** Where the shop sent the customer after placing the order (a sandbox page, or the order page). */
  landsOn: RegExp;
  /** What the customer does from there. */
  pay(page: Page, orderId: string): Promise<unknown>;
  events: string[];
}

const FLOWS: [string, Flow][] = [
  [
    'Waylet: pushed to the customer app, approved there',
    {
      provider: 'waylet',
      expect: 'paid',
      landsOn: /^\/orders\/ORD/,
      pay: async (page, id) => click(await open(link(page, 'waylet-app')), `pay-${id}`),
      events: ['payment.paid'],
    },
  ],
  [
    'Waylet: refused in the customer app',
    {
      provider: 'waylet',
      expect: 'failed',
      landsOn: /^\/orders\/ORD/,
      pay: async (page, id) => click(await open(link(page, 'waylet-app')), `refuse-${id}`),
      events: ['payment.failed'],
    },
  ],
  [
    'Paylican: Keycloak redirect, hosted payment page',
    {
      provider: 'paylican',
      expect: 'paid',
      landsOn: /^\/paylican\/api\/v1\/pay\/SHOP\/ORD/,
      pay: (page) => click(page, 'pay'),
      events: ['payment.pending', 'payment.paid'],
    },
  ],
  [
    'Paykassma: Wavepay wallet, transaction number typed in the shop',
    {
      provider: 'paykassma',
      expect: 'paid',
      landsOn: /^\/orders\/ORD/,
      pay: (page) => click(page, 'activate', { transaction: `1${String(Date.now()).slice(-9)}` }),
      events: ['payment.paid'],
    },
  ],
  [
    'ETpay: session, bank-transfer funnel, JWT notification',
    {
      provider: 'etpay',
      expect: 'paid',
      landsOn: /^\/etpay\/session\//,
      pay: (page) => click(page, 'pay'),
      events: ['payment.paid'],
    },
  ],
];

/** Starts a Nest app of the shop on `server` (already listening), configured by `env`. */
async function startShop(server: Server, env: Env): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(env), { rawBody: true, logger: false });
  await app.init();
  server.on('request', app.getHttpAdapter().getInstance());
  return app;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('the NestJS example shop with the sandbox', () => {
  const server = createServer();
  let shopUrl: string;
  let sandbox: Sandbox;
  let app: INestApplication;
  const orders = async () => (await (await fetch(`${shopUrl}/orders.json`)).json()) as OrderRow[];

  beforeAll(async () => {
    // The shop's port is taken first, so the sandbox's merchant profile can point its callbacks at it.
    shopUrl = await listen(server);
    sandbox = await createSandbox({
      port: 0,
      retryIntervalMs: 50,
      merchant: {
        paylicanWebhookUrl: `${shopUrl}/webhooks/paylican?token=${sandboxCredentials.paylican.webhookToken}`,
        paykassmaPostbackUrl: `${shopUrl}/webhooks/paykassma`,
        etpayWebhookUrl: `${shopUrl}/webhooks/etpay`,
      },
    });
    app = await startShop(server, { SANDBOX_URL: sandbox.url, PUBLIC_URL: shopUrl });
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
    await stop(server);
  });

  it('offers every configured provider on the home page', async () => {
    const home = await open(`${shopUrl}/`);
    expect(home.status).toBe(200);
    expect([...home.html.matchAll(/<option value="(\w+)"/g)].map((m) => m[1])).toEqual([
      'waylet',
      'paylican',
      'paykassma',
      'etpay',
    ]);
  });

  it.each(FLOWS)('%s', async (_title, flow) => {
    const placed = await click(await open(`${shopUrl}/`), 'buy', {
      provider: flow.provider,
      customer: `nest-${flow.provider}-${Date.now()}@example.com`,
    });
    expect(placed.status).toBe(200);
    expect(new URL(placed.url).pathname).toMatch(flow.landsOn);
    const order = (await orders())[0] as OrderRow;
    expect(order).toMatchObject({ provider: flow.provider, status: 'pending' });

    await flow.pay(placed, order.id);
    const status = await waitFor(`order ${order.id} to leave "pending"`, async () => {
      const now = (await orders()).find((o) => o.id === order.id);
      return now?.status === 'pending' ? undefined : now?.status;
    });
    expect(status).toBe(flow.expect);
    await sandbox.settled();
    expect((await orders()).find((o) => o.id === order.id)?.events).toEqual(flow.events);
    const page = await open(`${shopUrl}/orders/${order.id}`);
    expect(page.html).toContain(`<span class="status ${flow.expect}" id="status">${flow.expect}</span>`);
  });

  it("Paykassma: paid in the sandbox's hosted payment window, credited by the flat postback carrying the order id as label", async () => {
    const placed = await click(await open(`${shopUrl}/`), 'buy', {
      provider: 'paykassma',
      customer: `nest-window-${Date.now()}@example.com`,
    });
    const order = (await orders())[0] as OrderRow;
    expect([new URL(placed.url).pathname, order.provider, order.status]).toEqual([
      `/orders/${order.id}`,
      'paykassma',
      'pending',
    ]);
    const window = new URLSearchParams({
      label: order.id,
      wallet_type: 'wavepay',
      currency_code: 'MMK',
      amount: order.amount,
      key1: `1${String(Date.now()).slice(-9)}`,
    });
    const result = await fetch(`${sandbox.url}/paykassma/plugin/activate`, { method: 'POST', body: window });
    expect(await result.text()).toContain('data-status="ok"');
    await sandbox.settled();
    expect((await orders()).find((o) => o.id === order.id)).toMatchObject({ status: 'paid', events: ['payment.paid'] });
    const payment = sandbox.state.find('paykassma', (p) => p.data.label === order.id);
    expect(payment?.attempts.map((a) => [a.status, a.answer, a.accepted])).toEqual([[200, '{"status":"ok"}', true]]);
  });

  it('acknowledged every callback the sandbox sent at its first attempt (no answer other than 200 was recorded)', async () => {
    await sandbox.settled();
    const attempts = sandbox.state
      .list()
      .flatMap((p) => p.attempts.map((a) => ({ provider: p.provider, status: a.status, accepted: a.accepted })));
    expect(new Set(attempts.map((a) => a.provider))).toEqual(new Set(['waylet', 'paylican', 'paykassma', 'etpay']));
    expect(attempts.filter((a) => !a.accepted || a.status !== 200)).toEqual([]);
  });

  it('refuses an unknown provider and an unknown order in plain text', async () => {
    const bad = await fetch(`${shopUrl}/orders`, {
      method: 'POST',
      body: new URLSearchParams({ provider: 'stripe' }),
      redirect: 'manual',
    });
    expect([bad.status, bad.headers.get('content-type'), await bad.text()]).toEqual([
      400,
      'text/plain; charset=utf-8',
      'choose a configured provider',
    ]);
    const missing = await fetch(`${shopUrl}/orders/ORDNOPE`);
    expect([missing.status, missing.headers.get('content-type'), await missing.text()]).toEqual([
      404,
      'text/plain; charset=utf-8',
      'no such order',
    ]);
  });

  it('answers 502 with the provider error code, not a stack trace, when the provider refuses the shop’s credentials', async () => {
    const other = createServer();
    const url = await listen(other);
    const misconfigured = await startShop(other, {
      SANDBOX_URL: sandbox.url,
      PUBLIC_URL: url,
      PROVIDERS: 'waylet',
      WAYLET_API_KEY: 'not-the-sandbox-key',
    });
    try {
      const res = await fetch(`${url}/orders`, {
        method: 'POST',
        body: new URLSearchParams({ provider: 'waylet', customer: 'ana@example.com' }),
        redirect: 'manual',
      });
      const text = await res.text();
      // the sandbox refuses the API key (401): the merchant's misconfiguration, a bad gateway for the customer
      expect([res.status, res.headers.get('content-type'), text]).toEqual([
        502,
        'text/plain; charset=utf-8',
        'Payment could not be started: ERR_PROVIDER_API',
      ]);
      expect(text).not.toContain('not-the-sandbox-key');
    } finally {
      await misconfigured.close();
      await stop(other);
    }
  });
});
