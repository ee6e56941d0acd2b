import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPaywire, type Paywire } from '@paywire/core';
import { providersFromEnv } from '@paywire/example-shop';
import { createSandbox, sandboxCredentials, type Sandbox } from '@paywire/sandbox';
import { testing } from '@paywire/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createShopApp } from './app.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const listen = async (server: Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => (server.closeAllConnections(), server.close(r))));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** The shop app (as stack.ts builds it) on a free port, with `paywire`. */
async function shop(paywire: Paywire): Promise<string> {
  closers.push(() => paywire.close());
  const { app } = createShopApp({
    paywire,
    urls: { shop: 'http://127.0.0.1:1', wayletApp: 'http://127.0.0.1:1/waylet/app' },
  });
  return listen(app.listen(0, '127.0.0.1'));
}

/** The shop wired to a real sandbox. */
async function sandboxShop(): Promise<{ shopUrl: string; sandbox: Sandbox }> {
  const sandbox = await createSandbox({ port: 0 });
  closers.push(() => sandbox.close());
  const paywire = createPaywire({
    providers: providersFromEnv({ SANDBOX_URL: sandbox.url }),
    logger: silent,
  }) as Paywire;
  return { shopUrl: await shop(paywire), sandbox };
}

const order = (fields: Record<string, string>) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('Express example shop: status codes', () => {
  it('answers a malformed %-escape in the order id 400 (not 502), and keeps serving', async () => {
    const { shopUrl } = await sandboxShop();
    const res = await fetch(`${shopUrl}/orders/%zz`);
    expect([res.status, await res.text()]).toEqual([400, 'Bad request: Bad Request']);
    expect((await fetch(`${shopUrl}/orders/no-such-order`)).status).toBe(404);
    expect((await fetch(`${shopUrl}/`)).status).toBe(200);
  });

  it('answers a 2 MB form 413 (not 502)', async () => {
    const { shopUrl } = await sandboxShop();
    const res = await fetch(`${shopUrl}/orders`, order({ provider: 'waylet', customer: 'x'.repeat(2 * 1024 * 1024) }));
    expect([res.status, await res.text()]).toEqual([413, 'Bad request: Payload Too Large']);
  });

  it('still starts a checkout (303) and answers an unknown provider 400', async () => {
    const { shopUrl, sandbox } = await sandboxShop();
    const res = await fetch(`${shopUrl}/orders`, order({ provider: 'waylet', customer: 'ana@example.com' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/\/orders\/[^/]+$/);
    expect(sandbox.state.list('waylet')).toHaveLength(1);
    expect((await fetch(`${shopUrl}/orders`, order({ provider: 'toString' }))).status).toBe(400);
  });

  it("a provider's own 4xx is not the client's: a failed checkout is still 502", async () => {
    const provider = await listen(
      createServer(
        (_req, res) => void res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no"}'),
      ),
    );
    const paywire = createPaywire({
      providers: { waylet: { ...sandboxCredentials.waylet, baseUrl: provider } },
      logger: silent,
    }) as Paywire;
    const shopUrl = await shop(paywire);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const res = await fetch(`${shopUrl}/orders`, order({ provider: 'waylet' }));
      expect([res.status, await res.text()]).toEqual([
        502,
        expect.stringMatching(/^Payment could not be started: ERR_/),
      ]);
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
  });
});

describe('Express example shop: Paykassma flat postbacks from the sandbox, end to end', () => {
  it('a hosted-window deposit and a triggered rejection reach the shop as payment.paid / payment.failed for the order', async () => {
    const server = createServer();
    const shopUrl = await listen(server);
    const sandbox = await createSandbox({
      port: 0,
      retryIntervalMs: 50,
      merchant: { paykassmaPostbackUrl: `${shopUrl}/webhooks/paykassma` },
    });
    closers.push(() => sandbox.close());
    const paywire = createPaywire({
      providers: providersFromEnv({ SANDBOX_URL: sandbox.url, PROVIDERS: 'paykassma' }),
      logger: silent,
    }) as Paywire;
    closers.push(() => paywire.close());
    server.on(
      'request',
      createShopApp({ paywire, urls: { shop: shopUrl, wayletApp: `${sandbox.url}/waylet/app` } }).app,
    );
    const place = async () =>
      (await fetch(`${shopUrl}/orders`, order({ provider: 'paykassma' }))).headers.get('location')?.split('/').at(-1) ??
      '';
    const [paid, rejected] = [await place(), await place()];

    // The customer pays in the sandbox's payment window (no custom id): the flat postback's signed label is the order
    // id.
    const window = {
      label: paid,
      wallet_type: 'wavepay',
      currency_code: 'MMK',
      amount: '6000',
      key1: `1${String(Date.now()).slice(-9)}`,
    };
    const page = await (await fetch(`${sandbox.url}/paykassma/plugin/activate`, order(window))).text();
    expect(page).toContain('data-status="ok"');
    await sandbox.settled();
    // A rejected deposit, signed as the sandbox signs its flat postbacks.
    const keys = {
      accessKey: sandboxCredentials.paykassma.postbackAccessKey,
      privateKey: sandboxCredentials.paykassma.postbackPrivateKey,
    };
    const { body } = testing.paykassma.delivery(
      { label: rejected, custom_transaction_id: rejected, status: 'Rejected', amount: 6000 },
      keys,
    );
    const answer = await fetch(`${shopUrl}/webhooks/paykassma`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect([answer.status, await answer.text(), answer.headers.get('x-paywire-signature-scheme')]).toEqual([
      200,
      '{"status":"ok"}',
      'flat',
    ]);

    const rows = (await (await fetch(`${shopUrl}/orders.json`)).json()) as {
      id: string;
      status: string;
      events: string[];
    }[];
    expect(
      [paid, rejected].map((id) => rows.find((r) => r.id === id)).map((r) => [r?.id, r?.status, r?.events]),
    ).toEqual([
      [paid, 'paid', ['payment.paid']],
      [rejected, 'failed', ['payment.failed']],
    ]);
    const attempts = sandbox.state.list('paykassma').flatMap((p) => p.attempts);
    expect(attempts.map((a) => [a.status, a.accepted])).toEqual([[200, true]]);
  });
});
