import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPaywireError } from '../errors.js';
import { assertWebhookMediaType, readWebhookBody } from './node-request.js';

describe('adapter helpers over real node:http', () => {
  const server = createServer(async (req, res) => {
    try {
      assertWebhookMediaType(req.headers);
      const body = await readWebhookBody(req, 16);
      res.writeHead(200).end(`read ${body.length}`);
    } catch (err) {
      res
        .writeHead(isPaywireError(err) ? err.httpStatus : 500, { connection: 'close' })
        .end(isPaywireError(err) ? err.code : 'bug');
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

  const post = (body: string, headers: Record<string, string>, chunked = false) =>
    new Promise<[number, string]>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', headers }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString())).on('end', () => resolve([res.statusCode ?? 0, text]));
      });
      req.on('error', reject);
      if (chunked) for (let i = 0; i < 8; i++) req.write(body);
      req.end(chunked ? undefined : body);
    });

  it('reads a body within the limit, refuses a larger one by header or while streaming', async () => {
    expect(await post('{"a":1}', { 'content-type': 'application/json' })).toEqual([200, 'read 7']);
    expect(await post('x'.repeat(17), { 'content-type': 'text/plain' })).toEqual([413, 'ERR_BODY_TOO_LARGE']);
    expect(await post('xxxxx', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, true)).toEqual([
      413,
      'ERR_BODY_TOO_LARGE',
    ]);
  });

  it('refuses media types, charsets and encodings providers never send', async () => {
    expect(await post('{}', {})).toEqual([200, 'read 2']);
    expect(await post('{}', { 'content-type': 'application/vnd.x+json; charset=utf-8' })).toEqual([200, 'read 2']);
    const refused: Record<string, string>[] = [
      { 'content-type': 'text/xml' },
      { 'content-type': 'application/json; charset=latin1' },
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    ];
    for (const headers of refused) {
      expect(await post('{}', headers)).toEqual([415, 'ERR_UNSUPPORTED_MEDIA_TYPE']);
    }
  });
});
