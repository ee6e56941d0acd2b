import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPaywireError } from '../errors.js';
import { createPaywire } from '../paywire.js';
import { testing } from '../testing/index.js';
import { silentLogger } from '../__test-support__/index.js';
import { writeWebhookReply } from './http-reply.js';
import { handleNodeWebhook, type NodeWebhookRequest } from './node-endpoint.js';

const secret = 'waylet-test-secret';
const paywire = createPaywire({
  providers: { waylet: { baseUrl: 'http://127.0.0.1:9', apiKey: 'k', commerceId: 'c', secret } },
  logger: silentLogger,
});
const seen: string[] = [];
paywire.on('*', (e) => void seen.push(e.id));

/** What an earlier middleware did to the request before the shared path saw it. */
type Before = (req: NodeWebhookRequest) => Promise<void>;
const befores: Record<string, Before> = {
  nothing: async () => {},
  'swallowed the stream': (req) => new Promise((r) => req.resume().on('end', () => r())),
  'parsed it and kept the bytes': async (req) => {
    const chunks: Buffer[] = [];
    for await (const c of req as IncomingMessage) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    req.rawBody = raw;
    req.body = JSON.parse(raw.toString());
  },
};

describe('handleNodeWebhook over real node:http', () => {
  const faults: unknown[] = [];
  const server = createServer(async (req: NodeWebhookRequest, res) => {
    const mode = String(req.headers['x-before'] ?? 'nothing');
    try {
      await befores[mode]!(req);
      writeWebhookReply(
        res,
        await handleNodeWebhook(
          paywire,
          req,
          { provider: String(req.url).slice(1).split('?')[0]!, query: '' },
          { limit: 2048, bodyConsumedHint: 'fix the order' },
        ),
      );
    } catch (err) {
      faults.push(err);
      res.writeHead(599).end(isPaywireError(err) ? err.code : 'bug');
    }
  });
  let port = 0;
  beforeAll(
    () =>
      new Promise<void>((r) =>
        server.listen(0, '127.0.0.1', () => ((port = (server.address() as AddressInfo).port), r())),
      ),
  );
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
    return new Promise<{ status: number; headers: IncomingMessage['headers']; text: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, method: init.method ?? 'POST', headers: init.headers ?? {} },
        (res) => {
          let text = '';
          res
            .setEncoding('utf8')
            .on('data', (c: string) => (text += c))
            .on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        },
      );
      req.on('error', reject).end(init.body);
    });
  }
  const code = (r: { text: string }) => (JSON.parse(r.text) as { error: { code: string } }).error.code;

  it('answers each client mistake with its status, code and headers', async () => {
    const get = await send('/waylet', { method: 'GET' });
    expect([get.status, get.headers['allow'], code(get)]).toEqual([405, 'POST', 'ERR_METHOD_NOT_ALLOWED']);
    const xml = await send('/waylet', { headers: { 'content-type': 'application/xml' }, body: '<a/>' });
    expect([xml.status, code(xml)]).toEqual([415, 'ERR_UNSUPPORTED_MEDIA_TYPE']);
    const big = await send('/waylet', { headers: { 'content-type': 'application/json' }, body: 'x'.repeat(4096) });
    expect([big.status, big.headers['connection'], code(big)]).toEqual([413, 'close', 'ERR_BODY_TOO_LARGE']);
    const etpay = await send('/etpay', { headers: { 'content-type': 'application/json' }, body: '{}' });
    expect([etpay.status, code(etpay)]).toEqual([404, 'ERR_PROVIDER_NOT_CONFIGURED']);
    expect(big.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('verifies the stream it reads itself, and the bytes a parser kept', async () => {
    for (const mode of ['nothing', 'parsed it and kept the bytes']) {
      const d = testing.waylet.callback({ status: 'PAID', amount: 300 }, { secret });
      const res = await send('/waylet', { headers: { ...d.headers, 'x-before': mode }, body: d.body });
      expect([res.status, res.text, res.headers['content-length']], mode).toEqual([200, '{}', '2']);
    }
    expect(seen).toHaveLength(2);
  });

  it('throws ERR_BODY_ALREADY_PARSED (500) to the framework when the stream was consumed and nothing was left', async () => {
    const d = testing.waylet.callback({ status: 'PAID', amount: 300 }, { secret });
    const before = seen.length;
    const res = await send('/waylet', { headers: { ...d.headers, 'x-before': 'swallowed the stream' }, body: d.body });
    expect([res.status, res.text]).toEqual([599, 'ERR_BODY_ALREADY_PARSED']);
    expect(faults.at(-1)).toMatchObject({
      code: 'ERR_BODY_ALREADY_PARSED',
      httpStatus: 500,
      message: expect.stringContaining('fix the order'),
    });
    expect(seen).toHaveLength(before);
  });
});
