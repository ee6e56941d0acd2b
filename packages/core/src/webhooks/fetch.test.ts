import { describe, expect, it } from 'vitest';
import { memoryStore, type PaywireStore } from '../index.js';
import { createPaywire } from '../paywire.js';
import { testing } from '../testing/index.js';
import { silentLogger } from '../__test-support__/index.js';

const secret = 'waylet-test-secret';
const token = 'paylican-path-token-0123456789';
const providers = {
  waylet: { baseUrl: 'http://127.0.0.1:9', apiKey: 'k', commerceId: 'c', secret },
  paylican: {
    keycloakUrl: 'http://127.0.0.1:9',
    paymentUrl: 'http://127.0.0.1:9',
    username: 'm',
    password: 'p',
    webhookAuth: { token, tokenIn: 'path' as const },
  },
};

function instance(store: PaywireStore = memoryStore()) {
  const paywire = createPaywire({ providers, store, logger: silentLogger, webhooks: { maxBodyBytes: 4096 } });
  const seen: string[] = [];
  paywire.on('*', (e) => void seen.push(`${e.provider}:${e.paymentId}`));
  return { paywire, seen };
}

const url = (path: string) => `http://shop.test${path}`;
const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('paywire.webhooks.fetch with plain Request objects', () => {
  it('verifies a signed delivery and answers the provider’s exact acknowledgement, the provider taken from the path', async () => {
    const { paywire, seen } = instance();
    const d = testing.waylet.callback({ status: 'PAID', paymentId: 'order-1', amount: 300 }, { secret });
    const res = await paywire.webhooks.fetch(
      new Request(url('/api/webhooks/waylet?x=1'), { method: 'POST', headers: d.headers, body: d.body }),
    );
    expect([res.status, await res.text(), res.headers.get('content-type')]).toEqual([
      200,
      '{}',
      'application/json; charset=utf-8',
    ]);
    const again = await paywire.webhooks.fetch(
      new Request(url('/hooks/klikin'), { method: 'POST', headers: d.headers, body: d.body }),
      { provider: 'waylet' },
    );
    expect(again.status).toBe(200);
    expect(seen).toEqual(['waylet:order-1']);
  });

  it('hands what follows the provider segment to the provider as its path (Paylican path tokens)', async () => {
    const { paywire, seen } = instance();
    const d = testing.paylican.webhook({ status: 'PAID', merchantReference: 'order-2' }, { token, tokenIn: 'path' });
    const res = await paywire.webhooks.fetch(
      new Request(url(`/webhooks/paylican${d.path}`), { method: 'POST', headers: d.headers, body: d.body }),
    );
    expect([res.status, await res.text()]).toEqual([200, '{"received":true}']);
    const wrong = await paywire.webhooks.fetch(
      new Request(url('/webhooks/paylican/not-the-token'), { method: 'POST', headers: d.headers, body: d.body }),
    );
    expect(wrong.status).toBe(401);
    expect(seen).toEqual(['paylican:order-2']);
  });

  it('answers each client mistake with the same status, code and headers as the Node adapters', async () => {
    const { paywire, seen } = instance();
    const json = { 'content-type': 'application/json' };
    const stream = new ReadableStream({
      start: (c) => (c.enqueue(new Uint8Array(3000)), c.enqueue(new Uint8Array(3000)), c.close()),
    });
    const cases: [string, Request, number, string][] = [
      ['wrong method', new Request(url('/webhooks/waylet')), 405, 'ERR_METHOD_NOT_ALLOWED'],
      [
        'wrong content type',
        new Request(url('/webhooks/waylet'), {
          method: 'POST',
          headers: { 'content-type': 'application/xml' },
          body: '<a/>',
        }),
        415,
        'ERR_UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'declared too large',
        new Request(url('/webhooks/waylet'), { method: 'POST', headers: json, body: 'x'.repeat(5000) }),
        413,
        'ERR_BODY_TOO_LARGE',
      ],
      [
        'streamed too large',
        new Request(url('/webhooks/waylet'), {
          method: 'POST',
          headers: json,
          body: stream,
          duplex: 'half',
        }),
        413,
        'ERR_BODY_TOO_LARGE',
      ],
      [
        'malformed JSON',
        new Request(url('/webhooks/waylet'), { method: 'POST', headers: json, body: '{"paymentId":' }),
        400,
        'ERR_PAYLOAD_INVALID',
      ],
      [
        'unconfigured provider',
        new Request(url('/webhooks/etpay'), { method: 'POST', headers: json, body: '{}' }),
        404,
        'ERR_PROVIDER_NOT_CONFIGURED',
      ],
      [
        'no provider in the path',
        new Request(url('/webhooks/stripe'), { method: 'POST', headers: json, body: '{}' }),
        404,
        'ERR_PROVIDER_NOT_CONFIGURED',
      ],
      [
        'bad percent-encoding',
        new Request(url('/webhooks/%zz'), { method: 'POST', headers: json, body: '{}' }),
        400,
        'ERR_PAYLOAD_INVALID',
      ],
    ];
    for (const [what, request, status, expected] of cases) {
      const res = await paywire.webhooks.fetch(request);
      expect([res.status, res.headers.get('content-type'), res.headers.get('connection')], what).toEqual([
        status,
        'application/json; charset=utf-8',
        null,
      ]);
      expect(await code(res), what).toBe(expected);
      if (status === 405) expect(res.headers.get('allow')).toBe('POST');
    }
    expect(seen).toEqual([]);
  });

  it('rejects for a body already read (the host answers 500, the provider retries); a failing store answers 503', async () => {
    const d = testing.waylet.callback({ status: 'PAID', amount: 300 }, { secret });
    const { paywire } = instance();
    const read = new Request(url('/webhooks/waylet'), { method: 'POST', headers: d.headers, body: d.body });
    await read.text();
    await expect(paywire.webhooks.fetch(read)).rejects.toMatchObject({
      code: 'ERR_BODY_ALREADY_PARSED',
      httpStatus: 500,
    });
    const broken = instance({ ...memoryStore(), claim: () => Promise.reject(new Error('store unreachable')) });
    const res = await broken.paywire.webhooks.fetch(
      new Request(url('/webhooks/waylet'), { method: 'POST', headers: d.headers, body: d.body }),
    );
    expect([
      res.status,
      res.headers.get('retry-after') !== null,
      ((await res.json()) as { error: { code: string } }).error.code,
    ]).toEqual([503, true, 'ERR_STORE_UNAVAILABLE']);
  });

  it('throws TypeError for misuse', async () => {
    const { paywire } = instance();
    await expect(paywire.webhooks.fetch({ url: '/webhooks/waylet' } as unknown as Request)).rejects.toThrow(TypeError);
    await expect(paywire.webhooks.fetch(new Request(url('/webhooks/waylet')), null as never)).rejects.toThrow(
      TypeError,
    );
  });
});
