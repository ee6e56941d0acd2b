import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { silentLogger, useMockAgent } from '../__test-support__/index.js';
import { createPaywire, memoryStore, type PaywireStore } from '../index.js';
import { testing } from '../testing/index.js';

/** A metric reader the test collects from on demand. */
class TestReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

const origin = 'http://waylet.test';
const secret = 'waylet-secret-0123456789';
const waylet = {
  baseUrl: `${origin}/api`,
  apiKey: 'waylet-api-key-0123456789',
  commerceId: 'commerce-1',
  secret,
  callbackUrl: 'https://shop.test/webhooks/waylet',
};
const mock = useMockAgent();

function setup(store: PaywireStore = memoryStore(), enabled = true) {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new TestReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const paywire = createPaywire({
    providers: { waylet },
    store,
    logger: silentLogger,
    http: { dispatcher: mock.agent },
    telemetry: { enabled, tracerProvider, meterProvider },
  });
  const spans = () => exporter.getFinishedSpans();
  /** Data points of a metric, as [attributes, value] pairs. */
  async function points(name: string): Promise<[Record<string, unknown>, unknown][]> {
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
    return ((metric?.dataPoints as DataPoint<number | Histogram>[] | undefined) ?? []).map((p) => [
      p.attributes,
      typeof p.value === 'number' ? p.value : p.value.count,
    ]);
  }
  return { paywire, spans, points };
}

const post = (paywire: ReturnType<typeof setup>['paywire'], d: { body: string; headers: Record<string, string> }) =>
  paywire.webhooks.handle({ provider: 'waylet', rawBody: d.body, headers: d.headers });
const byName = (spans: readonly ReadableSpan[], name: string) => spans.filter((s) => s.name === name);
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

/** No attribute of any span carries a secret, a signature, the body or the customer. */
function expectNoSecrets(spans: readonly ReadableSpan[], d: { body: string }): void {
  const values = spans.flatMap((s) => Object.values(s.attributes).map(String));
  const signature = (JSON.parse(d.body) as { signature: string }).signature;
  for (const forbidden of [secret, waylet.apiKey, signature, d.body, 'ana@example.com'])
    expect(values.some((v) => v.includes(forbidden))).toBe(false);
}

describe('OpenTelemetry', () => {
  it('traces a delivery: one paywire.webhook span with verify, dedupe, each handler and the ack as children', async () => {
    const { paywire, spans } = setup();
    paywire.on('payment.paid', function markPaid() {});
    paywire.on(
      '*',
      Object.defineProperty(() => {}, 'name', { value: 'Orders.onPaid' }),
    ); // Nest names handlers Class.method
    const d = testing.waylet.callback({ status: 'PAID', amount: 300, paymentId: 'order-1' }, { secret });
    await post(paywire, d);
    const [delivery] = byName(spans(), 'paywire.webhook');
    expect(delivery?.attributes).toMatchObject({
      'paywire.provider': 'waylet',
      'paywire.event.type': 'payment.paid',
      'paywire.webhook.outcome': 'processed',
      'http.response.status_code': 200,
    });
    expect(delivery?.attributes['paywire.event.id']).toMatch(/^waylet:/);
    const children = spans()
      .filter((s) => parentOf(s) === delivery?.spanContext().spanId)
      .map((s) => [s.name, s.attributes['paywire.handler']]);
    expect(children).toEqual([
      ['paywire.webhook.verify', undefined],
      ['paywire.webhook.dedupe', undefined],
      ['paywire.webhook.handler', 'markPaid'],
      ['paywire.webhook.handler', 'Orders.onPaid'],
      ['paywire.webhook.ack', undefined],
    ]);
    expect(byName(spans(), 'paywire.webhook.dedupe')[0]?.attributes['paywire.dedupe.result']).toBe('claimed');
    expectNoSecrets(spans(), d);
  });

  it('counts deliveries by provider and outcome, times them, and counts handler failures', async () => {
    const { paywire, spans, points } = setup();
    let fail = true;
    paywire.on('payment.paid', function flaky() {
      if (fail) throw new Error('database down');
    });
    const d = testing.waylet.callback({ status: 'PAID', amount: 300 }, { secret });
    expect((await post(paywire, d)).status).toBe(500);
    fail = false;
    await post(paywire, d);
    await post(paywire, d);
    await post(paywire, { ...d, body: d.body.replace('"PAID"', '"DENIED"') });
    const outcome = (o: string) => ({ 'paywire.provider': 'waylet', 'paywire.webhook.outcome': o });
    expect(await points('paywire.webhook.deliveries')).toEqual(
      expect.arrayContaining([
        [outcome('handler_failed'), 1],
        [outcome('processed'), 1],
        [outcome('duplicate'), 1],
        [outcome('rejected'), 1],
      ]),
    );
    expect((await points('paywire.webhook.duration')).reduce((n, [, count]) => n + Number(count), 0)).toBe(4);
    expect(await points('paywire.webhook.handler.failures')).toEqual([
      [{ 'paywire.provider': 'waylet', 'paywire.event.type': 'payment.paid', 'paywire.handler': 'flaky' }, 1],
    ]);
    const [failed, , , forged] = byName(spans(), 'paywire.webhook');
    expect([failed?.status.code, failed?.attributes['paywire.error.code']]).toEqual([
      SpanStatusCode.ERROR,
      'ERR_HANDLER_FAILED',
    ]);
    expect(byName(spans(), 'paywire.webhook.handler')[0]?.attributes['error.type']).toBe('Error');
    expect([forged?.attributes['http.response.status_code'], forged?.status.code]).toEqual([401, SpanStatusCode.UNSET]);
    expect(byName(spans(), 'paywire.webhook.verify').at(-1)?.attributes['error.type']).toBe('ERR_SIGNATURE_INVALID');
  });

  it('counts store errors and marks the delivery span as failed', async () => {
    const broken: PaywireStore = {
      ...memoryStore(),
      claim: () => Promise.reject(Object.assign(new Error('connection reset'), { code: 'ECONNRESET' })),
    };
    const { paywire, spans, points } = setup(broken);
    expect((await post(paywire, testing.waylet.callback({ status: 'PAID', amount: 300 }, { secret }))).status).toBe(
      503,
    );
    expect(await points('paywire.store.errors')).toEqual([
      [{ 'paywire.store.operation': 'claim', 'error.type': 'ECONNRESET' }, 1],
    ]);
    expect(await points('paywire.webhook.deliveries')).toEqual([
      [{ 'paywire.provider': 'waylet', 'paywire.webhook.outcome': 'store_unavailable' }, 1],
    ]);
    expect(byName(spans(), 'paywire.webhook')[0]?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('traces each provider API call as a client span, without credentials or the URL path', async () => {
    const { paywire, spans } = setup();
    const pool = mock.agent.get(origin);
    pool
      .intercept({ path: '/api/integrations/openwaylet/v1/payments/start', method: 'POST' })
      .reply(201, { _id: 'bf48b9abf84cd8cd61cc40d7' });
    pool
      .intercept({ path: '/api/integrations/openwaylet/v1/payments/start', method: 'POST' })
      .reply(400, { message: 'invalid' });
    await paywire.waylet.startPayment({ customer: 'ana@example.com', amount: 300, paymentId: 'order-1' });
    await expect(
      paywire.waylet.startPayment({ customer: 'ana@example.com', amount: 300, paymentId: 'order-2' }),
    ).rejects.toThrow();
    const calls = byName(spans(), 'paywire.waylet.startPayment');
    expect(calls.map((s) => [s.kind, s.attributes['http.response.status_code'], s.status.code])).toEqual([
      [SpanKind.CLIENT, 201, SpanStatusCode.UNSET],
      [SpanKind.CLIENT, 400, SpanStatusCode.ERROR],
    ]);
    expect(calls[0]?.attributes).toEqual({
      'paywire.provider': 'waylet',
      'paywire.operation': 'startPayment',
      'http.request.method': 'POST',
      'server.address': 'waylet.test',
      'http.response.status_code': 201,
    });
    expect(calls[1]?.attributes['error.type']).toBe('ERR_PROVIDER_API');
  });

  it('emits nothing with telemetry: { enabled: false }, and answers the same', async () => {
    const { paywire, spans, points } = setup(memoryStore(), false);
    const reply = await post(paywire, testing.waylet.callback({ status: 'PAID', amount: 300 }, { secret }));
    expect([reply.status, reply.body]).toEqual([200, '{}']);
    expect(spans()).toEqual([]);
    expect(await points('paywire.webhook.deliveries')).toEqual([]);
  });

  it('steps aside without an SDK, and picks up a global tracer provider registered later', async () => {
    const paywire = createPaywire({ providers: { waylet }, logger: silentLogger });
    let inHandler = 0;
    paywire.on('payment.paid', () => void inHandler++);
    const first = await post(
      paywire,
      testing.waylet.callback({ status: 'PAID', amount: 300, paymentId: 'o-1' }, { secret }),
    );
    expect([first.status, inHandler]).toEqual([200, 1]);
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    try {
      const second = await post(
        paywire,
        testing.waylet.callback({ status: 'PAID', amount: 300, paymentId: 'o-2' }, { secret }),
      );
      expect([second.status, inHandler]).toEqual([200, 2]);
      const names = exporter.getFinishedSpans().map((s) => s.name);
      expect(names).toContain('paywire.webhook');
      expect(names).toContain('paywire.webhook.handler');
      expect(byName(exporter.getFinishedSpans(), 'paywire.webhook')).toHaveLength(1);
    } finally {
      trace.disable();
    }
  });
});
