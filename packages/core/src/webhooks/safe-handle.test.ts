import { describe, expect, it } from 'vitest';
import { createPaywire, memoryStore, type PaywireStore } from '../index.js';
import { testing } from '../testing/index.js';
import { assertJsonDepth, assertValueDepth, reserializeBody } from './json-guard.js';

const secret = 'waylet-secret-for-guards';
const waylet = { baseUrl: 'http://127.0.0.1:9/api', apiKey: 'api-key-guards', commerceId: 'c1', secret };

function capture() {
  const lines: { level: string; message: string; meta: unknown }[] = [];
  const log = (level: string) => (message: string, meta?: Record<string, unknown>) =>
    void lines.push({ level, message, meta });
  return { lines, logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') } };
}

const deepObject = (n: number) => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};
const code = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

describe('webhooks.handle never throws', () => {
  it('refuses a parsed body nested 10,000 deep with 400 before anything recursive runs', async () => {
    const paywire = createPaywire({ providers: { waylet }, logger: capture().logger });
    const reply = await paywire.webhooks.handle({ provider: 'waylet', body: deepObject(10_000) });
    expect([reply.status, reply.outcome, code(reply.body)]).toEqual([400, 'rejected', 'ERR_PAYLOAD_INVALID']);
    const raw = await paywire.webhooks.handle({
      provider: 'waylet',
      rawBody: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    });
    expect([raw.status, code(raw.body)]).toEqual([400, 'ERR_PAYLOAD_INVALID']);
    // 64 levels is fine (then refused as not a Waylet callback, still 400)
    expect((await paywire.webhooks.handle({ provider: 'waylet', body: deepObject(63) })).status).toBe(400);
  });

  it('answers 400 for parsed bodies JSON cannot write back: BigInt, a cycle, a throwing toJSON or getter', async () => {
    const paywire = createPaywire({ providers: { waylet }, logger: capture().logger });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    const bodies: unknown[] = [
      { amount: 10n },
      cyclic,
      {
        toJSON: () => {
          throw new Error('nope');
        },
      },
      Object.defineProperty({}, 'x', {
        enumerable: true,
        get: () => {
          throw new Error('getter');
        },
      }),
    ];
    for (const body of bodies) {
      const reply = await paywire.webhooks.handle({ provider: 'waylet', body });
      expect(reply.status).toBeLessThan(500);
      expect(reply.body).not.toMatch(/\n\s+at /);
    }
  });

  it('turns a failure inside paywire (a bug: a store answering garbage) into a logged 500 with outcome "error" and no stack in the body', async () => {
    // (a store that rejects is an outage: 503 ERR_STORE_UNAVAILABLE, tested with the pipeline)
    const broken: PaywireStore = {
      ...memoryStore(),
      getPayment: async () => ({
        version: 1,
        get record(): never {
          throw new Error('store down: redis://user:pw@10.0.0.1');
        },
      }),
    };
    const { lines, logger } = capture();
    const paywire = createPaywire({ providers: { waylet }, store: broken, logger });
    const d = testing.waylet.callback({ status: 'PAID', paymentId: 'o-1' }, { secret });
    const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody: d.body, headers: d.headers });
    expect(reply).toMatchObject({ status: 500, outcome: 'error', error: { code: 'ERR_INTERNAL' } });
    expect(reply.body).not.toContain('store down');
    expect(reply.body).not.toMatch(/\bat /);
    const logged = lines.find((l) => l.level === 'error');
    expect(logged?.message).toContain('ERR_INTERNAL');
    // the log keeps the (redacted) stack and message for the operator
    expect(logged?.meta).toMatchObject({
      error: {
        name: 'Error',
        message: expect.stringContaining('store down'),
        stack: expect.stringContaining('safe-handle.test.ts'),
      },
    });
  });

  it('answers a hostile request shape (no provider, odd types) without throwing', async () => {
    const paywire = createPaywire({ providers: { waylet }, logger: capture().logger });
    for (const req of [
      { provider: 'waylet', rawBody: 5 },
      {
        provider: {
          toString: () => {
            throw new Error('x');
          },
        },
      },
      { provider: 'waylet', headers: 7, rawBody: '{}' },
    ]) {
      const reply = await paywire.webhooks.handle(req as never);
      expect(reply.status).toBeGreaterThanOrEqual(400);
    }
  });
});

describe('json guards', () => {
  it('count depth outside strings only, iteratively', () => {
    expect(() => assertJsonDepth(`"${'['.repeat(1000)}"`, 2)).not.toThrow();
    expect(() => assertJsonDepth('[[["\\"]"]]]', 3)).not.toThrow();
    expect(() => assertJsonDepth('[[[[]]]]', 3)).toThrow(/deeper than 3/);
    // an escaped backslash ends before the closing quote: the brackets after the string count again
    expect(() => assertJsonDepth('["a\\\\", [[]]]', 2)).toThrow(/deeper than 2/);
    expect(() => assertJsonDepth('["a\\"[[[", 1]', 1)).not.toThrow();
    // at the limit exactly (few brackets: the quick count decides) and one past it (the scan decides)
    expect(() => assertJsonDepth('{"a":[1]}', 2)).not.toThrow();
    expect(() => assertJsonDepth('{"a":[{}]}', 2)).toThrow(/deeper than 2/);
    expect(() => assertJsonDepth('[[],[],[]]', 64, 3)).toThrow(/more than 3 objects and arrays/);
    expect(() => assertValueDepth(deepObject(5), 4)).toThrow(/deeper than 4/);
    expect(reserializeBody({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    // many shallow containers cost as much to parse as deep ones: refused before JSON.parse
    expect(() => assertJsonDepth(`[${'[],'.repeat(10_000)}[]]`)).toThrow(/more than 10000 objects and arrays/);
    expect(() => assertJsonDepth(`[${'{},'.repeat(9_000)}{}]`)).not.toThrow();
  });
});
