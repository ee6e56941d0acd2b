import { describe, expect, it } from 'vitest';
import { silentLogger as silent } from '../__test-support__/index.js';
import { createPaywire, memoryStore, type PaywireLogger } from '../index.js';
import { testing } from '../testing/index.js';

const secret = 'waylet-secret-1';
const waylet = { baseUrl: 'http://127.0.0.1:9/api', apiKey: 'api-key-1', commerceId: 'c1', secret };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function setup(
  webhooks: { leaseMs: number; handlerTimeoutMs: number; maxHandlerMs: number },
  logger: PaywireLogger = silent,
) {
  const paywire = createPaywire({ providers: { waylet }, logger, store: memoryStore(), webhooks });
  const post = async () => {
    const started = performance.now();
    const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody: delivery.body });
    return { ...reply, ms: performance.now() - started };
  };
  const delivery = testing.waylet.callback(
    { status: 'PAID', paymentId: 'order-1', wayletPaymentId: 'w-1' },
    { secret },
  );
  return { paywire, post };
}

describe('handler timeouts and lease renewal', () => {
  it('a handler that never returns: one run, a 500 at handlerTimeoutMs, 409s while it runs, processed after maxHandlerMs', async () => {
    const config = { leaseMs: 300, handlerTimeoutMs: 150, maxHandlerMs: 1_600 };
    const { paywire, post } = setup(config);
    const signals: AbortSignal[] = [];
    let runs = 0;
    paywire.on('payment.paid', (_event, { signal }) => {
      runs++;
      if (signal) signals.push(signal);
      if (runs === 1) return new Promise(() => {}); // never settles
      return undefined;
    });
    const first = await post();
    expect([first.status, first.outcome, first.error?.code]).toEqual([500, 'handler_timeout', 'ERR_HANDLER_TIMEOUT']);
    expect(first.ms).toBeGreaterThanOrEqual(config.handlerTimeoutMs - 5);
    expect(first.ms).toBeLessThan(config.handlerTimeoutMs + 2_000); // the margin absorbs a loaded machine
    // Redeliveries while it runs, across several lease lengths: the renewed lease keeps them out.
    for (let i = 0; i < 4; i++) {
      await sleep(config.leaseMs);
      const again = await post();
      expect([again.status, again.outcome, again.headers['retry-after']]).toEqual([409, 'in_progress', '5']);
    }
    expect(runs).toBe(1);
    await sleep(config.maxHandlerMs + config.leaseMs * 2); // paywire gives up renewing, then the lease expires
    expect(signals[0]?.aborted).toBe(true);
    const later = await post();
    expect([later.status, later.outcome]).toEqual([200, 'processed']);
    expect(runs).toBe(2);
    expect((await post()).outcome).toBe('duplicate');
    await paywire.close();
  }, 15_000);

  it('a slow handler that settles after the timeout: its success is recorded (the redelivery is a duplicate)', async () => {
    const { paywire, post } = setup({ leaseMs: 150, handlerTimeoutMs: 50, maxHandlerMs: 5_000 });
    let runs = 0;
    let finish: () => void = () => {};
    paywire.on('payment.paid', () => {
      runs++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    expect((await post()).outcome).toBe('handler_timeout');
    await sleep(500); // past three lease lengths: still held
    expect((await post()).outcome).toBe('in_progress');
    finish();
    await sleep(20);
    expect((await post()).outcome).toBe('duplicate');
    expect(runs).toBe(1);
  });

  it('a slow handler that fails after the timeout: its lease is released and the redelivery runs it', async () => {
    const { paywire, post } = setup({ leaseMs: 60, handlerTimeoutMs: 50, maxHandlerMs: 5_000 });
    let runs = 0;
    let fail: (err: Error) => void = () => {};
    paywire.on('payment.paid', () => {
      runs++;
      if (runs === 1) return new Promise<void>((_resolve, reject) => (fail = reject));
      return undefined;
    });
    expect((await post()).outcome).toBe('handler_timeout');
    fail(new Error('late failure'));
    await sleep(20);
    expect((await post()).outcome).toBe('processed');
    expect(runs).toBe(2);
  });

  it('a handler slower than the lease runs once: the lease is renewed while it runs', async () => {
    const { paywire, post } = setup({ leaseMs: 150, handlerTimeoutMs: 5_000, maxHandlerMs: 10_000 });
    let runs = 0;
    paywire.on('payment.paid', async () => {
      runs++;
      await sleep(700);
    });
    const first = post();
    await sleep(500); // more than three lease lengths
    expect((await post()).outcome).toBe('in_progress');
    expect((await first).outcome).toBe('processed');
    expect(runs).toBe(1);
  });

  it('close() aborts the signal of handlers still running and stops renewing', async () => {
    const { paywire, post } = setup({ leaseMs: 60, handlerTimeoutMs: 30, maxHandlerMs: 60_000 });
    let signal: AbortSignal | undefined;
    paywire.on('payment.paid', (_e, context) => {
      signal = context.signal;
      return new Promise(() => {});
    });
    expect((await post()).outcome).toBe('handler_timeout');
    expect(signal?.aborted).toBe(false);
    await paywire.close();
    expect(signal?.aborted).toBe(true);
  });
});
