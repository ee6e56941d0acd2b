import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../__test-support__/index.js';
import { createPaywire } from '../index.js';
import { testing } from '../testing/index.js';

// `@opentelemetry/api` is an optional peer: here it cannot be imported, as in an app that does not install it
vi.mock('@opentelemetry/api', () => {
  throw new Error("Cannot find package '@opentelemetry/api'");
});

describe('OpenTelemetry without @opentelemetry/api', () => {
  it('changes nothing: deliveries are verified, dispatched and answered as always', async () => {
    const secret = 'waylet-secret-0123456789';
    const paywire = createPaywire({
      providers: { waylet: { baseUrl: 'http://127.0.0.1:9', apiKey: 'k', commerceId: 'c', secret } },
      logger: silentLogger,
    });
    const seen: string[] = [];
    paywire.on('payment.paid', (e) => void seen.push(String(e.paymentId)));
    const d = testing.waylet.callback({ status: 'PAID', amount: 300, paymentId: 'order-1' }, { secret });
    const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody: d.body, headers: d.headers });
    expect([reply.status, reply.body, reply.outcome, seen]).toEqual([200, '{}', 'processed', ['order-1']]);
    await expect(import('@opentelemetry/api')).rejects.toThrow(); // what paywire's lazy import met
  });
});
