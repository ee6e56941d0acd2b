import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPaywireError } from '../errors.js';
import { createPaywire } from '../paywire.js';
import { silentLogger } from '../__test-support__/index.js';
import { resolveAdapterOptions } from './adapter-options.js';
import { WEBHOOK_MEDIA_TYPES, assertWebhookMediaType, readWebhookBody } from './node-request.js';

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

  /** POSTs `parts` as separate chunks, a few milliseconds apart, so the server reads them one by one. */
  const postInParts = (parts: string[]) =>
    new Promise<[number, string]>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method: 'POST', headers: { 'content-type': 'text/plain' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString())).on('end', () => resolve([res.statusCode ?? 0, text]));
        },
      );
      req.on('error', reject);
      const next = (i: number): void => {
        if (i === parts.length) return void req.end();
        req.write(parts[i]);
        setTimeout(() => next(i + 1), 5);
      };
      next(0);
    });

  it('reads a body within the limit, refuses a larger one by header or while streaming', async () => {
    expect(await post('{"a":1}', { 'content-type': 'application/json' })).toEqual([200, 'read 7']);
    expect(await post('x'.repeat(17), { 'content-type': 'text/plain' })).toEqual([413, 'ERR_BODY_TOO_LARGE']);
    expect(await post('xxxxx', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, true)).toEqual([
      413,
      'ERR_BODY_TOO_LARGE',
    ]);
  });

  it('joins a body that arrives in several chunks, and reads an empty one', async () => {
    expect(await postInParts(['abc', 'defg', 'hi'])).toEqual([200, 'read 9']);
    expect(await postInParts([])).toEqual([200, 'read 0']);
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

describe('the default media types', () => {
  const paywire = createPaywire({
    providers: { waylet: { baseUrl: 'http://127.0.0.1:9', apiKey: 'k', commerceId: 'c', secret: 's' } },
    logger: silentLogger,
  });
  const adapterDefault = resolveAdapterOptions({ paywire }).contentTypes;
  const accepted = (contentType: string, patterns: readonly RegExp[]) => {
    try {
      assertWebhookMediaType({ 'content-type': contentType }, patterns);
      return true;
    } catch (err) {
      if (isPaywireError(err) && err.code === 'ERR_UNSUPPORTED_MEDIA_TYPE') return false;
      throw err;
    }
  };

  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON ; Charset="UTF-8"', true],
    ['  application/json  ', true],
    ['application/json;', true],
    ['application/json; foo=bar; charset=utf8', true],
    ['application/vnd.waylet+json', true],
    ['application/problem+json; charset=us-ascii', true],
    ['text/plain', true],
    ['', true],
    ['   ', true],
    ['application/+json', false],
    ['application/x y+json', false],
    ['application/vnd/x+json', false],
    ['application/json5', false],
    ['application/x-www-form-urlencoded', false],
    ['text/xml', false],
    [' ; charset=utf-8', false],
    ['application/json; charset=latin1', false],
    ['application/json; charset=""', false],
  ])('%j: accepted %s, the same by the adapters’ default contentTypes and by WEBHOOK_MEDIA_TYPES', (type, ok) => {
    expect(accepted(type, WEBHOOK_MEDIA_TYPES)).toBe(ok);
    expect(accepted(type, adapterDefault)).toBe(ok);
  });
});
