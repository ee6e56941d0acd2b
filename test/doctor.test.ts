/**
 * `paywire doctor` against real Express apps, one misconfiguration each, on 127.0.0.1: the doctor must name the
 * right diagnosis, and its test deliveries must never reach the app's handlers.
 */
import { execFile } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createPaywire, type PaywireOptions } from '@paywire/core';
import { paymentWebhooks } from '@paywire/express';
import { doctor, sandboxCredentials, sandboxDoctorProviders, type DoctorReport } from '@paywire/sandbox';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const creds = sandboxCredentials;
const appProviders = (over: Partial<NonNullable<PaywireOptions['providers']>> = {}): PaywireOptions['providers'] => ({
  waylet: { baseUrl: 'http://127.0.0.1:9', ...creds.waylet },
  paylican: {
    keycloakUrl: 'http://127.0.0.1:9',
    paymentUrl: 'http://127.0.0.1:9',
    invoiceSystemUrl: 'http://127.0.0.1:9',
    username: creds.paylican.username,
    password: creds.paylican.password,
    clientId: creds.paylican.clientId,
    webhookAuth: { token: creds.paylican.webhookToken },
  },
  paykassma: {
    apiUrl: 'http://127.0.0.1:9',
    pluginUrl: 'http://127.0.0.1:9',
    apiSecret: creds.paykassma.apiSecret,
    postbackAccessKey: creds.paykassma.postbackAccessKey,
    postbackPrivateKey: creds.paykassma.postbackPrivateKey,
  },
  etpay: { apiUrl: 'http://127.0.0.1:9', pmtUrl: 'http://127.0.0.1:9', ...creds.etpay },
  ...over,
});

const servers: Server[] = [];
let handled = 0;
afterAll(() => servers.forEach((s) => s.close()));

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A shop: `jsonFirst` puts express.json() before the router; `mount` is where the router goes. */
async function shop(
  opts: { providers?: PaywireOptions['providers']; jsonFirst?: boolean; mount?: string } = {},
): Promise<string> {
  const paywire = createPaywire({ providers: opts.providers ?? appProviders(), logger: silent });
  paywire.on('*', () => void handled++);
  const app = express();
  if (opts.jsonFirst) app.use(express.json());
  app.use(opts.mount ?? '/webhooks', paymentWebhooks({ paywire }));
  return listen(app);
}

const codes = (report: DoctorReport, provider: string) =>
  report.checks.find((c) => c.provider === provider)?.diagnoses.map((d) => d.code);

describe('paywire doctor against misconfigured apps', () => {
  it('a correct app: every provider reaches paywire, ETpay up to its session check, and no handler runs', async () => {
    const url = `${await shop()}/webhooks`;
    const report = await doctor({ url, providers: sandboxDoctorProviders });
    expect(report.ok).toBe(true);
    expect(Object.fromEntries(report.checks.map((c) => [c.provider, c.diagnoses.map((d) => d.code)]))).toEqual({
      waylet: ['ok'],
      paylican: ['ok'],
      paykassma: ['ok'],
      etpay: ['session-check'],
    });
    expect(handled).toBe(0);
  });

  it('express.json() before the router: body-consumed, with the rawBodySaver fix', async () => {
    const url = `${await shop({ jsonFirst: true })}/webhooks`;
    const report = await doctor({ url, providers: { waylet: { secret: creds.waylet.secret } } });
    const d = report.checks[0]?.diagnoses.find((x) => x.code === 'body-consumed');
    expect(codes(report, 'waylet')).toEqual(['ok', 'body-consumed']);
    expect(d?.fix).toContain('rawBodySaver');
  });

  it('a wrong secret: wrong-secret, naming the setting', async () => {
    const url = `${await shop({ providers: appProviders({ waylet: { baseUrl: 'http://127.0.0.1:9', ...creds.waylet, secret: 'another-secret' } }) })}/webhooks`;
    const report = await doctor({ url, providers: { waylet: { secret: creds.waylet.secret } } });
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({ status: 401, code: 'ERR_SIGNATURE_INVALID' });
    expect(codes(report, 'waylet')).toEqual(['wrong-secret']);
    expect(report.checks[0]?.diagnoses[0]?.fix).toContain('WAYLET_SECRET');
  });

  it('a Paylican endpoint without a guard: guard-missing', async () => {
    const base = appProviders();
    const url = `${await shop({ providers: { ...base, paylican: { ...base.paylican!, webhookAuth: { insecureNoAuth: true } } } })}/webhooks`;
    const report = await doctor({
      url,
      providers: { paylican: { webhookAuth: { token: creds.paylican.webhookToken } } },
    });
    expect(report.ok).toBe(false);
    expect(codes(report, 'paylican')).toEqual(['ok', 'guard-missing']);
    expect(handled).toBe(0);
  });

  it('a wrong guard token: guard-mismatch', async () => {
    const url = `${await shop()}/webhooks`;
    const report = await doctor({
      url,
      providers: { paylican: { webhookAuth: { token: 'not-the-apps-token-at-all' } } },
    });
    expect(codes(report, 'paylican')).toEqual(['guard-mismatch']);
  });

  it('the router mounted elsewhere: wrong-path, and where paywire really answers', async () => {
    const origin = await shop({ mount: '/payments/webhooks' });
    const report = await doctor({ url: `${origin}/webhooks`, providers: { waylet: { secret: creds.waylet.secret } } });
    expect(codes(report, 'waylet')).toEqual(['wrong-path']);
    expect(report.checks[0]?.diagnoses[0]?.fix).toContain(`${origin}/payments/webhooks`);
  });

  it('a proxy in front: its X-Forwarded-For is reported', async () => {
    const target = new URL(await shop());
    const proxy = await listen((req, res) => {
      const headers = { ...req.headers, 'x-forwarded-for': '203.0.113.7' };
      const up = httpRequest(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      req.pipe(up);
    });
    const report = await doctor({ url: `${proxy}/webhooks`, providers: { waylet: { secret: creds.waylet.secret } } });
    expect(codes(report, 'waylet')).toEqual(['ok', 'proxy']);
    expect(report.checks[0]?.diagnoses[1]?.message).toContain('203.0.113.7');
  });

  it('nothing listening: unreachable', async () => {
    const report = await doctor({
      url: 'http://127.0.0.1:9/webhooks',
      providers: { waylet: { secret: 's' } },
      timeoutMs: 2000,
    });
    expect(codes(report, 'waylet')).toEqual(['unreachable']);
  });

  it('the CLI: `paywire doctor --url … --sandbox` exits 0 on a correct app, 1 with a wrong secret, diagnosis printed', async () => {
    const bin = fileURLToPath(new URL('../packages/sandbox/bin/paywire.js', import.meta.url));
    const run = promisify(execFile);
    const good = await run(process.execPath, [bin, 'doctor', '--url', `${await shop()}/webhooks`, '--sandbox'], {
      env: { ...process.env, PAYWIRE_CLI_FROM_SOURCE: '1' },
      timeout: 60_000,
    });
    expect(good.stdout).toContain('ok: every configured provider reaches paywire');
    const wrong = `${await shop({ providers: appProviders({ waylet: { baseUrl: 'http://127.0.0.1:9', ...creds.waylet, secret: 'x-other' } }) })}/webhooks`;
    const bad = await run(process.execPath, [bin, 'doctor', '--url', wrong], {
      env: { ...process.env, PAYWIRE_CLI_FROM_SOURCE: '1', WAYLET_SECRET: creds.waylet.secret },
      timeout: 60_000,
    }).catch((e: { code: number; stdout: string }) => e);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stdout: string }).stdout).toMatch(/✗ wrong-secret: .*\n {4}fix: /);
  }, 90_000);
});

describe('paywire doctor: a middleware that swallows the body', () => {
  it("names body-consumed even through Express's own error page", async () => {
    const paywire = createPaywire({ providers: appProviders(), logger: silent });
    paywire.on('*', () => void handled++);
    const app = express();
    app.use((req, _res, next) => {
      req.on('data', () => {}); // reads the stream and keeps nothing
      req.on('end', () => next());
    });
    app.use('/webhooks', paymentWebhooks({ paywire }));
    const url = `${await listen(app)}/webhooks`;
    const report = await doctor({ url, providers: { waylet: { secret: creds.waylet.secret } } });
    expect(report.checks[0]?.status).toBe(500);
    expect(codes(report, 'waylet')).toEqual(['body-consumed']);
  });
});
