/**
 * OpenTelemetry settings of `createPaywire` (`options.telemetry`). Typed structurally, so `@paywire/core` type-checks
 * without `@opentelemetry/api` installed.
 */
export interface TelemetryOptions {
  /**
   * Set `false` to emit no spans and no metrics even when `@opentelemetry/api` is installed.
   * @default true (paywire uses OpenTelemetry when `@opentelemetry/api` can be imported and spans or metrics go
   *   somewhere: a provider is given, or an SDK registered a global one)
   */
  enabled?: boolean;
  /**
   * Where spans go (an OpenTelemetry `TracerProvider`).
   * @default the global provider of `@opentelemetry/api` (a no-op until an SDK registers one)
   */
  tracerProvider?: { getTracer(name: string, version?: string): unknown };
  /**
   * Where metrics go (an OpenTelemetry `MeterProvider`).
   * @default the global provider of `@opentelemetry/api` (a no-op until an SDK registers one)
   */
  meterProvider?: { getMeter(name: string, version?: string): unknown };
}
