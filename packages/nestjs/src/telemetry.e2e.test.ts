import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { PLATFORMS, startPaymentsApp } from './__fixtures__/payments-app.js';
import { PROVIDER_ROWS, type ProviderRow } from './__fixtures__/provider-rows.js';

const waylet = PROVIDER_ROWS.find((r) => r.provider === 'waylet') as ProviderRow;

describe.each(PLATFORMS)('PaymentsModule on %s with OpenTelemetry', (platform) => {
  it('traces each handler as Class.method under the delivery span', async () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const app = await startPaymentsApp({ platform, mode: 'forRoot', rows: [waylet], telemetry: { tracerProvider } });
    try {
      const d = await waylet.signed(app.store, `otel${Date.now().toString(36)}`);
      await app.http.post('/payments/webhooks/waylet').set(d.headers).send(d.body).expect(200);
      const spans = exporter.getFinishedSpans();
      const delivery = spans.find((s) => s.name === 'paywire.webhook');
      expect(delivery?.attributes).toMatchObject({
        'paywire.provider': 'waylet',
        'paywire.webhook.outcome': 'processed',
        'http.response.status_code': 200,
      });
      const handlers = spans.filter(
        (s) => s.name === 'paywire.webhook.handler' && s.parentSpanContext?.spanId === delivery?.spanContext().spanId,
      );
      expect(handlers.map((s) => s.attributes['paywire.handler']).sort()).toEqual([
        'Flaky.onPaid',
        'Orders.onMoneyMoved',
        'Orders.onPaid',
        'wayletHandlers.onPaid',
      ]);
    } finally {
      await app.close();
    }
  });
});
