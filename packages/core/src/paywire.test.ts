import { describe, expect, it } from 'vitest';
import { createPaywire, isPaywireError, type PaymentEvent, type PaywireError } from './index.js';
import { testing } from './testing/index.js';
import { silentLogger as silent } from './__test-support__/index.js';

const secret = 'waylet-secret-1';
const waylet = { baseUrl: 'http://127.0.0.1:9/api', apiKey: 'api-key-1', commerceId: 'c1', secret };

function configError(fn: () => unknown): PaywireError {
  try {
    fn();
  } catch (err) {
    if (isPaywireError(err, 'ERR_CONFIG_INVALID')) return err;
    throw err;
  }
  throw new Error('expected ERR_CONFIG_INVALID');
}

describe('createPaywire options', () => {
  it('names the failing field and never prints the value', () => {
    const empty = configError(() => createPaywire({ providers: { waylet: { ...waylet, secret: '' } } }));
    expect(empty.field).toBe('providers.waylet.secret');
    expect(empty.message).toMatch(/providers\.waylet\.secret: must not be empty/);

    const padded = configError(() =>
      createPaywire({ providers: { waylet: { ...waylet, apiKey: ' padded-key-value\n' } } }),
    );
    expect(padded.field).toBe('providers.waylet.apiKey');
    expect(padded.message).toMatch(/whitespace/);
    expect(padded.message).not.toContain('padded-key-value');

    expect(configError(() => createPaywire({ providers: { waylet: { ...waylet, baseUrl: 'ftp://x' } } })).field).toBe(
      'providers.waylet.baseUrl',
    );
    expect(configError(() => createPaywire({ providers: { nope: {} } as never })).field).toBe('providers.nope');
    expect(configError(() => createPaywire({ providers: { waylet }, webhooks: { maxBodyBytes: -1 } })).field).toBe(
      'webhooks.maxBodyBytes',
    );
    expect(configError(() => createPaywire({ providers: undefined as never })).field).toBe('providers');
  });

  it('exposes only configured providers', () => {
    const paywire = createPaywire({ providers: { waylet }, logger: silent });
    expect(paywire.providers).toEqual(['waylet']);
    expect(paywire.isConfigured('waylet')).toBe(true);
    expect(paywire.isConfigured('etpay')).toBe(false);
    expect(typeof paywire.waylet.startPayment).toBe('function');
    // @ts-expect-error etpay is not configured on this instance: a type error, and at run time a TypeError
    expect(() => paywire.on('payment.paid', { provider: 'etpay' }, () => {})).toThrow(/not configured/);
    expect(paywire.client('waylet')).toBe(paywire.waylet);
    // @ts-expect-error etpay is not configured on this instance
    expect(() => paywire.client('etpay')).toThrow(expect.objectContaining({ code: 'ERR_PROVIDER_NOT_CONFIGURED' }));
    expect(() => paywire.on('payment.nope' as never, () => {})).toThrow(TypeError);
  });
});

describe('event dispatch', () => {
  it('runs every matching handler, filtered by type and provider, and can unsubscribe', async () => {
    const paywire = createPaywire({ providers: { waylet }, logger: silent });
    const calls: string[] = [];
    paywire.on('payment.paid', () => void calls.push('paid'));
    paywire.on(
      ['payment.paid', 'payment.failed'],
      { provider: 'waylet' },
      (e: PaymentEvent<'waylet'>) => void calls.push(`waylet:${e.raw.status}`),
    );
    const off = paywire.on('*', () => void calls.push('any'));
    paywire.on('payment.canceled', () => void calls.push('canceled'));
    const d = testing.waylet.callback({ status: 'PAID' }, { secret });
    await paywire.webhooks.handle({ provider: 'waylet', rawBody: d.body });
    expect(calls).toEqual(['paid', 'waylet:PAID', 'any']);
    off();
    calls.length = 0;
    await paywire.webhooks.handle({
      provider: 'waylet',
      rawBody: testing.waylet.callback({ status: 'REFUSED' }, { secret }).body,
    });
    expect(calls).toEqual(['waylet:REFUSED']);
  });

  it('answers 500 when a handler throws, runs the others, and processes the redelivery once', async () => {
    const errors: unknown[] = [];
    const paywire = createPaywire({
      providers: { waylet },
      logger: { ...silent, error: (m, meta) => errors.push([m, meta]) },
    });
    let attempts = 0;
    let credited = 0;
    paywire.on('payment.paid', () => {
      attempts++;
      if (attempts === 1) throw new Error('database down');
    });
    paywire.on('payment.paid', () => void credited++);
    const d = testing.waylet.callback({ status: 'PAID' }, { secret });
    const first = await paywire.webhooks.handle({ provider: 'waylet', rawBody: d.body });
    expect(first.status).toBe(500);
    expect(first.outcome).toBe('handler_failed');
    expect(first.body).not.toContain('database down');
    expect(errors).toHaveLength(1);
    const second = await paywire.webhooks.handle({ provider: 'waylet', rawBody: d.body });
    expect(second).toMatchObject({ status: 200, outcome: 'processed', body: '{}' });
    const third = await paywire.webhooks.handle({ provider: 'waylet', rawBody: d.body });
    expect(third).toMatchObject({ status: 200, outcome: 'duplicate' });
    expect(attempts).toBe(2);
    expect(credited).toBe(1); // per-handler idempotency (#13): the retry runs only the handler that had failed
  });

  it('a slow delivery whose lease expired cannot free the lease of the delivery that took over', async () => {
    let now = 0;
    const paywire = createPaywire({
      providers: { waylet },
      logger: silent,
      clock: { now: () => now },
      webhooks: { leaseMs: 1000 },
    });
    const gates: (() => void)[] = [];
    let running = 0;
    let maxRunning = 0;
    paywire.on('payment.paid', async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      const n = gates.length;
      await new Promise<void>((r) => gates.push(r));
      running--;
      if (n === 0) throw new Error('A fails after its lease expired');
    });
    const body = testing.waylet.callback({ status: 'PAID' }, { secret }).body;
    const a = paywire.webhooks.handle({ provider: 'waylet', rawBody: body });
    await new Promise((r) => setTimeout(r, 10));
    now += 1001; // A's lease expires while its handler still runs
    const b = paywire.webhooks.handle({ provider: 'waylet', rawBody: body });
    await new Promise((r) => setTimeout(r, 10));
    gates[0]?.(); // A fails and releases … only its own lease
    expect((await a).status).toBe(500);
    const c = await paywire.webhooks.handle({ provider: 'waylet', rawBody: body });
    expect([c.status, c.outcome]).toEqual([409, 'in_progress']); // B still holds the event
    gates[1]?.();
    expect((await b).outcome).toBe('processed');
    expect(maxRunning).toBe(2); // A and B overlapped only because A outlived its lease; C never ran
  });

  it('refuses oversized, empty, non-UTF-8 and already-emptied bodies with their own codes', async () => {
    const paywire = createPaywire({ providers: { waylet }, logger: silent, webhooks: { maxBodyBytes: 64 } });
    const code = async (req: Parameters<typeof paywire.webhooks.handle>[0]) => {
      const r = await paywire.webhooks.handle(req);
      return [r.status, JSON.parse(r.body).error.code];
    };
    expect(await code({ provider: 'waylet', rawBody: 'x'.repeat(65) })).toEqual([413, 'ERR_BODY_TOO_LARGE']);
    expect(await code({ provider: 'waylet' })).toEqual([400, 'ERR_PAYLOAD_INVALID']);
    expect(await code({ provider: 'waylet', rawBody: new Uint8Array([0x7b, 0xff, 0x7d]) })).toEqual([
      400,
      'ERR_PAYLOAD_INVALID',
    ]);
    expect(await code({ provider: 'waylet', body: {} })).toEqual([400, 'ERR_BODY_ALREADY_PARSED']);
    expect(await code({ provider: '__proto__', rawBody: '{}' })).toEqual([404, 'ERR_PROVIDER_NOT_CONFIGURED']);
  });

  it('verifies an already-parsed body by re-serializing it', async () => {
    const paywire = createPaywire({ providers: { waylet }, logger: silent });
    const d = testing.waylet.callback({ status: 'PAID', amount: 1999 }, { secret });
    const reply = await paywire.webhooks.handle({ provider: 'waylet', body: JSON.parse(d.body) });
    expect(reply.status).toBe(200);
    expect(reply.events[0]?.amount?.value).toBe('1999');
  });

  it('acknowledges a verified but undocumented status and surfaces it to onUnknownEvent', async () => {
    const unknown: unknown[] = [];
    const paywire = createPaywire({
      providers: { waylet },
      logger: silent,
      webhooks: { onUnknownEvent: (u) => void unknown.push(u) },
    });
    const reply = await paywire.webhooks.handle({
      provider: 'waylet',
      rawBody: testing.waylet.callback({ status: 'EXPIRED' }, { secret }).body,
    });
    expect(reply.status).toBe(200);
    expect(reply.events).toEqual([]);
    expect(unknown).toMatchObject([{ provider: 'waylet', type: 'EXPIRED' }]);
  });
});
