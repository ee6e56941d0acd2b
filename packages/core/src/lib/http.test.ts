import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { PaywireError } from '../errors.js';
import { createHttpClient } from './http.js';
import { jsonNumber } from './json/index.js';
import type { PaywireLogger } from './logger.js';
import { createRedactor } from './redact.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A real server on 127.0.0.1; returns its origin. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => handler(req, res, body));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function recordingLogger(extra: object = {}): PaywireLogger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { lines, debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error'), ...extra };
}

const call = (url: string) => ({
  provider: 'waylet',
  operation: 'startPayment',
  method: 'POST' as const,
  url,
  json: { a: 1 },
});

describe('createHttpClient', () => {
  it('cuts a body that trickles past timeoutMs with ERR_PROVIDER_TIMEOUT (504), though every chunk comes in time', async () => {
    const origin = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":"');
      const tick = setInterval(() => res.write('x'), 20);
      res.on('close', () => clearInterval(tick));
    });
    const client = createHttpClient({ timeoutMs: 150 }, recordingLogger(), createRedactor([]));
    const started = Date.now();
    const err = (await client.request(call(`${origin}/slow`)).catch((e: unknown) => e)) as PaywireError;
    expect(err).toBeInstanceOf(PaywireError);
    expect({ code: err.code, httpStatus: err.httpStatus, details: err.details }).toEqual({
      code: 'ERR_PROVIDER_TIMEOUT',
      httpStatus: 504,
      details: { operation: 'startPayment', timeoutMs: 150 },
    });
    expect(Date.now() - started).toBeLessThan(1500);
    await client.close();
  });

  it('counts the wait for a free connection in timeoutMs', async () => {
    const origin = await serve((_req, res) => setTimeout(() => res.end('{}'), 120));
    const dispatcher = new Agent({ connections: 1 });
    const client = createHttpClient({ timeoutMs: 200, dispatcher }, recordingLogger(), createRedactor([]));
    const results = await Promise.allSettled([1, 2, 3].map(() => client.request(call(`${origin}/queued`))));
    expect(results[0]?.status).toBe('fulfilled');
    expect(
      results
        .slice(1)
        .some((r) => r.status === 'rejected' && (r.reason as PaywireError).code === 'ERR_PROVIDER_TIMEOUT'),
    ).toBe(true);
    await dispatcher.close();
  });

  it('never sends a request whose deadline passed while it waited for a connection', async () => {
    const seen: string[] = [];
    let arrived = (): void => {};
    let release = (): void => {};
    const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
    const origin = await serve((req, res) => {
      seen.push(req.url ?? '');
      if (req.url !== '/first') return void res.end('{}');
      release = () => res.end('{}');
      arrived();
    });
    // one connection, held by a patient client's call while an impatient client's call waits for it
    const dispatcher = new Agent({ connections: 1 });
    const patient = createHttpClient({ timeoutMs: 10_000, dispatcher }, recordingLogger(), createRedactor([]));
    const impatient = createHttpClient({ timeoutMs: 100, dispatcher }, recordingLogger(), createRedactor([]));
    const held = patient.request(call(`${origin}/first`));
    await firstArrived;
    const queued = (await impatient.request(call(`${origin}/queued`)).catch((e: unknown) => e)) as PaywireError;
    expect(queued.code).toBe('ERR_PROVIDER_TIMEOUT');
    release();
    await held;
    // undici sends queued requests in order: had the timed-out one been sent, the server would see it before this
    await patient.request(call(`${origin}/after`));
    expect(seen).toEqual(['/first', '/after']);
    await dispatcher.close();
  });

  it('reads a body that comes in chunks as undici text() does (UTF-8, a leading BOM dropped), after a 1xx', async () => {
    const origin = await serve((_req, res) => {
      res.writeProcessing();
      res.writeHead(200, { 'content-type': 'application/json', 'x-id': 'a' });
      res.write(Buffer.from([0xef, 0xbb, 0xbf]));
      res.write('{"name":"Jos');
      res.write(Buffer.from('é', 'utf8').subarray(0, 1));
      setTimeout(() => res.end(Buffer.concat([Buffer.from('é', 'utf8').subarray(1), Buffer.from('"}')])), 20);
    });
    const client = createHttpClient({}, recordingLogger(), createRedactor([]));
    const res = await client.request(call(`${origin}/chunks`));
    expect(res).toMatchObject({ status: 200, body: { name: 'José' }, headers: { 'x-id': 'a' } });
    await client.close();
  });

  it('refuses a URL that is not http(s) before sending anything, as undici.request does', async () => {
    const client = createHttpClient({ retries: 0 }, recordingLogger(), createRedactor([]));
    const err = (await client.request(call('ftp://127.0.0.1/x')).catch((e: unknown) => e)) as PaywireError;
    expect({ code: err.code, message: err.message }).toEqual({
      code: 'ERR_PROVIDER_UNREACHABLE',
      message: 'waylet startPayment: Invalid URL protocol: the URL must start with `http:` or `https:`.',
    });
    await client.close();
  });

  it('writes exact decimals verbatim and every other body as JSON.stringify does', async () => {
    const seen: string[] = [];
    const origin = await serve((_req, res, body) => {
      seen.push(body);
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const client = createHttpClient({}, recordingLogger(), createRedactor([]));
    const at = new Date(0);
    for (const json of [
      { amount: jsonNumber('5100.00'), list: [{ v: jsonNumber('0.10') }] },
      { a: [1, 'x', null, { b: true }] },
      { at },
    ]) {
      const res = await client.request({ provider: 'p', operation: 'op', method: 'POST', url: `${origin}/x`, json });
      expect(res).toMatchObject({ status: 201, body: { ok: true } });
    }
    expect(seen).toEqual([
      '{"amount":5100.00,"list":[{"v":0.10}]}',
      '{"a":[1,"x",null,{"b":true}]}',
      JSON.stringify({ at }),
    ]);
    await client.close();
  });

  it('logs each call at debug with its URL redacted, unless the logger says it drops debug lines', async () => {
    const origin = await serve((_req, res) => res.end('{}'));
    const url = `${origin}/x?token=tok-123456&n=1`;
    const loud = recordingLogger();
    const quiet = recordingLogger({ debugEnabled: false });
    for (const logger of [loud, quiet]) {
      const client = createHttpClient({}, logger, createRedactor([]));
      await client.request(call(url));
      await client.close();
    }
    expect(loud.lines).toEqual([`debug waylet startPayment POST ${origin}/x?token=%5BREDACTED%5D&n=1 → 200`]);
    expect(quiet.lines).toEqual([]);
  });
});
