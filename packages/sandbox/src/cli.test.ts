/**
 * The `paywire` command as people run it (bin/paywire.js, a real process): its contract — help and version on
 * stdout with exit 0, mistakes as one clear line on stderr with exit 2, no stack traces — and trigger deliveries
 * that behave like the provider's: aimed at a payment really started, and a repeat is a retry (a duplicate).
 */
import { execFile, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createPaywire, type PaymentEvent, type Paywire } from '@paywire/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { sandboxCredentials } from './credentials.js';
import { createSandbox, type Sandbox } from './server.js';

const execute = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/paywire.js', import.meta.url));
const env = { ...process.env, PAYWIRE_CLI_FROM_SOURCE: '1' };
type Result = { code: number; stdout: string; stderr: string };
const paywireCli = (...args: string[]): Promise<Result> =>
  execute(process.execPath, [bin, ...args], { env, timeout: 30_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: Result) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

/** The same command in this process (fast): what it prints where, and its exit code. */
async function inProcess(...args: string[]): Promise<Result> {
  const r = { code: -1, stdout: '', stderr: '' };
  r.code = await main(args, {
    out: (t) => void (r.stdout += `${t}\n`),
    err: (t) => void (r.stderr += `${t}\n`),
    version: '0.1.0',
  });
  return r;
}

describe('paywire as a process', () => {
  it('--help and --version: stdout, exit 0', async () => {
    const help = await paywireCli('trigger', '--help');
    expect([help.code, help.stderr, help.stdout.startsWith('usage: paywire trigger')]).toEqual([0, '', true]);
    const version = await paywireCli('--version');
    expect([version.code, version.stdout.trim(), version.stderr]).toEqual([0, '0.1.0', '']);
  }, 40_000);

  it('an unknown flag: one line on stderr, no stack trace, exit 2', async () => {
    const r = await paywireCli('sandbox', '--prot', '4010');
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      "paywire: unknown option --prot (did you mean --port?)\nRun 'paywire sandbox --help' for usage.\n",
    ]);
  }, 40_000);
});

describe('paywire CLI contract', () => {
  it.each([
    ['--help'],
    ['-h'],
    [],
    ['help'],
    ['help', 'doctor'],
    ['sandbox', '--help'],
    ['trigger', '--help'],
    ['trigger', 'waylet', '--help'],
    ['doctor', '-h'],
  ])(
    'paywire %s prints help on stdout and exits 0',
    async (...args) => {
      const r = await inProcess(...args);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toMatch(/^usage: paywire/);
    },
    40_000,
  );

  it('help lists per-provider flags, their units and the sandbox defaults', async () => {
    const { stdout } = await inProcess('trigger', '--help');
    for (const text of [
      'waylet flags:',
      '--amount CENTS',
      '350 is 3.50 EUR',
      '--waylet-id',
      sandboxCredentials.waylet.secret,
      'paylican flags:',
      sandboxCredentials.paylican.webhookToken,
      '--amount CLP',
      '--session-token',
      'retry',
    ]) {
      expect(stdout).toContain(text);
    }
  }, 40_000);

  it.each([
    [['sandbox', '--help-me'], /unknown option --help-me/],
    [
      ['trigger', 'waylet', 'paid', '--to', 'http://127.0.0.1:9/', '--paymnet-id', 'x'],
      /unknown option --paymnet-id \(did you mean --payment-id\?\)/,
    ],
    [
      ['trigger', 'waylet', 'paid', '--to', 'http://127.0.0.1:9/', '--amount', '3.50'],
      /--amount 3\.50 is not a whole number; it counts cents: for 3\.50 EUR write --amount 350/,
    ],
    [
      ['trigger', 'wayelt', 'paid', '--to', 'http://127.0.0.1:9/'],
      /unknown provider "wayelt" \(did you mean waylet\?\)/,
    ],
    [['trigger', 'constructor', 'paid', '--to', 'http://127.0.0.1:9/'], /unknown provider "constructor"/],
    [['trigger', 'waylet', 'paid'], /--to URL is required/],
    [
      ['trigger', 'waylet', 'refunded', '--to', 'http://127.0.0.1:9/'],
      /the outcome must be one of paid, failed, canceled/,
    ],
    [['trigger', 'waylet', 'paid', '--to'], /option --to needs a value/],
    [['doctor'], /--url is required/],
    [['tirgger'], /unknown command "tirgger" \(did you mean trigger\?\)/],
    [['--verbose'], /unknown option --verbose/],
  ])(
    'paywire %j is refused with a clear message and exit 2',
    async (args, message) => {
      const r = await inProcess(...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/Run 'paywire .*--help' for usage\.\n$/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    },
    40_000,
  );
});

describe('paywire trigger against a merchant using the sandbox', () => {
  let sandbox: Sandbox;
  let paywire: Paywire<'waylet' | 'etpay' | 'paykassma'>;
  let merchant: Server;
  let url = '';
  const events: PaymentEvent[] = [];
  beforeAll(async () => {
    sandbox = await createSandbox({ port: 0, retryIntervalMs: 20 });
    const { waylet, etpay, paykassma } = sandbox.providers();
    paywire = createPaywire({
      providers: { waylet, etpay, paykassma },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    paywire.on('*', (e) => void events.push(e));
    merchant = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const reply = await paywire.webhooks.handle({
        provider: String(req.url).split('/').pop() as string,
        rawBody: Buffer.concat(chunks),
      });
      res.writeHead(reply.status, reply.headers).end(reply.body);
    });
    await new Promise<void>((r) => merchant.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/webhooks`;
  });
  afterAll(async () => {
    merchant.close();
    await sandbox.close();
  });

  it('paykassma postbacks in the current flat format (default) and, with --format legacy, the legacy one', async () => {
    const base = ['trigger', 'paykassma', 'paid', '--to', `${url}/paykassma`];
    expect((await paywireCli(...base, '--payment-id', 'dep-cli-flat')).code).toBe(0);
    expect((await paywireCli(...base, '--payment-id', 'dep-cli-legacy', '--format', 'legacy')).code).toBe(0);
    const got = events
      .filter((e) => e.provider === 'paykassma')
      .map((e) => [e.paymentId, (e.raw as { kind?: string }).kind]);
    expect(got).toEqual([
      ['dep-cli-flat', 'flat'],
      ['dep-cli-legacy', 'postback'], // the legacy body's raw kind
    ]);
  }, 60_000);

  it('a Waylet payment you started: --waylet-id completes it; the same trigger again is a duplicate', async () => {
    const { wayletPaymentId } = await paywire.waylet.startPayment({
      customer: 'ana@example.com',
      amount: 700,
      paymentId: 'order-cli-1',
      callbackUrl: `${url}/waylet`,
    });
    const args = [
      'trigger',
      'waylet',
      'paid',
      '--to',
      `${url}/waylet`,
      '--payment-id',
      'order-cli-1',
      '--waylet-id',
      wayletPaymentId,
      '--amount',
      '700',
    ];
    const first = await paywireCli(...args);
    expect([first.code, first.stdout]).toEqual([0, expect.stringContaining('← 200 {}')]);
    const again = await paywireCli(...args);
    expect(again.code).toBe(0);
    expect(events.filter((e) => e.paymentId === 'order-cli-1').map((e) => [e.type, e.amount?.value])).toEqual([
      ['payment.paid', '700'],
    ]);
  }, 60_000);

  it('a Waylet id made up for a started payment is refused (ERR_PAYMENT_MISMATCH, exit 1)', async () => {
    await paywire.waylet.startPayment({
      customer: 'ana@example.com',
      amount: 300,
      paymentId: 'order-cli-2',
      callbackUrl: `${url}/waylet`,
    });
    const r = await paywireCli(
      'trigger',
      'waylet',
      'paid',
      '--to',
      `${url}/waylet`,
      '--payment-id',
      'order-cli-2',
      '--waylet-id',
      'ffffffffffffffffffffffff',
    );
    expect([r.code, r.stdout]).toEqual([1, expect.stringContaining('ERR_PAYMENT_MISMATCH')]);
  }, 40_000);

  it('the ETpay trigger twice on one session runs the handler once (the second is a retry)', async () => {
    const session = await paywire.etpay.initializeSession(
      { merchantOrderId: 'cli3', orderAmount: 15990, paymentWebhookUrl: `${url}/etpay` },
      { includeSignatureToken: true },
    );
    const args = [
      'trigger',
      'etpay',
      'paid',
      '--to',
      `${url}/etpay`,
      '--session-token',
      session.sessionToken,
      '--signature-token',
      session.signatureToken,
    ];
    expect((await paywireCli(...args)).code).toBe(0);
    expect((await paywireCli(...args)).code).toBe(0);
    expect(events.filter((e) => e.paymentId === 'cli3').map((e) => e.type)).toEqual(['payment.paid']);
  }, 60_000);

  it('sandbox starts, prints its URL and credentials, and serves the dashboard until stopped', async () => {
    const child = spawn(process.execPath, [bin, 'sandbox', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env });
    try {
      let out = '';
      const base = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 30_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m && out.includes('"etpay"')) {
            clearTimeout(timer);
            resolve(m[1] as string);
          }
        });
      });
      expect(out).toContain(sandboxCredentials.waylet.apiKey);
      const res = await fetch(base);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Dashboard');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(0);
  }, 40_000);
});
