/** The `paywire` command, run as a real process: `paywire sandbox` serves, `paywire trigger` sends a signed callback. */
import { execFile, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createPaywire, type PaymentEvent } from '@paywire/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxCredentials } from './credentials.js';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const node = (args: string[]) => [process.execPath, ['--conditions=@paywire/source', '--import', 'tsx', cli, ...args]] as const;

describe('paywire CLI', () => {
  let merchant: Server;
  let url = '';
  const events: PaymentEvent[] = [];
  beforeAll(async () => {
    const paywire = createPaywire({ providers: { waylet: { baseUrl: 'http://127.0.0.1:9', ...sandboxCredentials.waylet } }, logger: { debug() {}, info() {}, warn() {}, error() {} } });
    paywire.on('*', (e) => void events.push(e));
    merchant = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody: Buffer.concat(chunks) });
      res.writeHead(reply.status, reply.headers).end(reply.body);
    });
    await new Promise<void>((r) => merchant.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/webhooks/waylet`;
  });
  afterAll(() => void merchant.close());

  it('trigger sends a signed Waylet callback the merchant accepts, and exits 0', async () => {
    const [cmd, args] = node(['trigger', 'waylet', 'paid', '--to', url, '--payment-id', 'order-cli-1', '--amount', '700']);
    const { stdout } = await run(cmd, [...args], { timeout: 30_000 });
    expect(stdout).toContain('← 200 {}');
    expect(events.map((e) => [e.type, e.paymentId, e.amount?.value])).toEqual([['payment.paid', 'order-cli-1', '700']]);
  }, 40_000);

  it('trigger with the wrong secret is refused (exit 1), and bad usage exits 2', async () => {
    const [cmd, args] = node(['trigger', 'waylet', 'failed', '--to', url, '--secret', 'not-the-secret']);
    const refused = await run(cmd, [...args], { timeout: 30_000 }).catch((e: { code: number; stdout: string }) => e);
    expect((refused as { code: number }).code).toBe(1);
    expect((refused as { stdout: string }).stdout).toContain('← 401');
    const [c2, a2] = node(['trigger', 'nope', 'paid']);
    const usage = await run(c2, [...a2], { timeout: 30_000 }).catch((e: { code: number; stderr: string }) => e);
    expect((usage as { code: number }).code).toBe(2);
    expect((usage as { stderr: string }).stderr).toContain('usage:');
    // an Object.prototype member is not a provider: usage, and nothing is sent
    const [c3, a3] = node(['trigger', 'constructor', 'paid', '--to', url]);
    const inherited = await run(c3, [...a3], { timeout: 30_000 }).catch((e: { code: number; stderr: string; stdout: string }) => e);
    expect([(inherited as { code: number }).code, (inherited as { stdout: string }).stdout]).toEqual([2, '']);
    expect((inherited as { stderr: string }).stderr).toContain('usage:');
  }, 60_000);

  it('sandbox starts, prints its URL and credentials, and serves the dashboard until stopped', async () => {
    const [cmd, args] = node(['sandbox', '--port', '0']);
    const child = spawn(cmd, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
