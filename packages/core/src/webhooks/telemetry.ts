import { AsyncLocalStorage } from 'node:async_hooks';
import type * as OtelApi from '@opentelemetry/api';
import type { Context, Counter, Histogram, Span, Tracer } from '@opentelemetry/api';
import type { ProviderWebhook } from '../providers/types.js';
import type { PaywireStore } from '../stores/types.js';
import type { TelemetryOptions } from './telemetry-options.js';
import type { WebhookReply, WebhookRequest } from './types.js';

type Api = typeof OtelApi;
type Attributes = Record<string, string | number>;

/** The instruments of one paywire instance, once `@opentelemetry/api` has loaded. */
interface Live {
  api: Api;
  tracer: Tracer;
  /** True while spans go somewhere: a tracer provider was given, or an SDK registered a global one. */
  tracing: () => boolean;
  /** True when the meter is a real one (a meter provider was given, or a global one existed at load time). */
  metrics: boolean;
  deliveries: Counter;
  duration: Histogram;
  handlerFailures: Counter;
  storeErrors: Counter;
}

/** What the wrappers need: the live instruments and the delivery's context (its span is the parent). */
interface Scope {
  live: Live;
  ctx: Context;
  provider: string;
}

const NAME = '@paywire/core';

/** A stable error label: the `ERR_*` code, else the class name — never a message (it could carry data). */
function errorType(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : ((err as Error)?.name ?? 'Error');
}

async function load(options: TelemetryOptions): Promise<Live | undefined> {
  if (options.enabled === false) return undefined;
  let api: Api;
  try {
    api = await import('@opentelemetry/api');
  } catch {
    return undefined; // the optional peer is not installed: nothing changes
  }
  const tracer = (options.tracerProvider as Api['trace'] | undefined)?.getTracer(NAME) ?? api.trace.getTracer(NAME);
  const meter = (options.meterProvider as Api['metrics'] | undefined)?.getMeter(NAME) ?? api.metrics.getMeter(NAME);
  // Without an SDK every span and instrument is a no-op, but entering the delivery scope still costs: on Node 20
  // and 22 an AsyncLocalStorage taxes every promise of the process. So paywire steps aside until spans or metrics
  // go somewhere. The global tracer provider is a proxy an SDK may fill in later: checked per delivery.
  const noopTracers = new api.ProxyTracerProvider().getDelegate();
  const tracing =
    options.tracerProvider !== undefined
      ? () => true
      : () => {
          const provider = api.trace.getTracerProvider();
          return !(provider instanceof api.ProxyTracerProvider) || provider.getDelegate() !== noopTracers;
        };
  const metrics = options.meterProvider !== undefined || meter.constructor !== api.createNoopMeter().constructor;
  return {
    api,
    tracer,
    tracing,
    metrics,
    deliveries: meter.createCounter('paywire.webhook.deliveries', {
      description: 'Webhook deliveries by provider and outcome',
    }),
    duration: meter.createHistogram('paywire.webhook.duration', {
      description: 'Time to answer a webhook delivery',
      unit: 's',
    }),
    handlerFailures: meter.createCounter('paywire.webhook.handler.failures', {
      description: 'Payment event handlers that threw',
    }),
    storeErrors: meter.createCounter('paywire.store.errors', { description: 'Store operations that failed' }),
  };
}

function ended(api: Api, span: Span, err: unknown): void {
  span.setAttribute('error.type', errorType(err));
  span.setStatus({ code: api.SpanStatusCode.ERROR, message: errorType(err) });
  span.end();
}

/** Runs `fn` in a child span of the current delivery (or of the active context outside one). */
async function child<T>(
  live: Live | undefined,
  scope: Scope | undefined,
  name: string,
  attributes: Attributes,
  fn: (span?: Span) => Promise<T> | T,
): Promise<T> {
  if (!live || (scope === undefined && !live.tracing())) return fn();
  const { api, tracer } = live;
  const parent = scope?.ctx ?? api.context.active();
  const span = tracer.startSpan(name, { attributes }, parent);
  try {
    const result = await api.context.with(api.trace.setSpan(parent, span), () => fn(span));
    span.end();
    return result;
  } catch (err) {
    ended(api, span, err);
    throw err;
  }
}

/**
 * The delivery scope, shared by every paywire instance of the process: on Node 20 each live AsyncLocalStorage
 * taxes every promise in the process, so one per instance would slow everything down as instances are created
 * (tests and fuzzing create thousands). The scope carries its own instance's telemetry, so sharing is safe.
 */
const scopes = new AsyncLocalStorage<Scope>();

/**
 * OpenTelemetry for one paywire instance: wrappers around the pipeline's collaborators (provider webhooks, the
 * store, handlers, the HTTP client) and around `handle`, so the pipeline itself has no tracing code. Without
 * `@opentelemetry/api` every wrapper calls straight through. Attributes name providers, event types and ids,
 * outcomes, statuses and `ERR_*` codes only: never a secret, a signature, a body or personal data. Internal.
 *
 * @example
 * ```ts
 * import { createTelemetry } from './telemetry.js'
 * declare const options: { telemetry?: Parameters<typeof createTelemetry>[0] }
 * const telemetry = createTelemetry(options.telemetry ?? {})
 * declare const pipeline: { handle: Parameters<typeof telemetry.delivery>[0] }
 * const handle = telemetry.delivery(pipeline.handle)
 * ```
 */
export function createTelemetry(options: TelemetryOptions = {}) {
  const ready = load(options);
  let live: Live | undefined;
  let loaded = false;
  void ready.then((l) => {
    live = l;
    loaded = true;
  });
  /** The instruments when spans or metrics go somewhere; `undefined` when every wrapper should call through. */
  const inUse = (l: Live | undefined): Live | undefined => (l && (l.metrics || l.tracing()) ? l : undefined);
  /** {@link inUse} of the loaded instruments, waiting for the load only on the first deliveries. */
  const active = async (): Promise<Live | undefined> => inUse(loaded ? live : await ready);
  /** Whether a wrapper inside a delivery should call straight through (no live scope and nothing traced). */
  const through = (scope: Scope | undefined): boolean => !live || (scope === undefined && !live.tracing());
  /** True when telemetry is loaded and records nothing: deliveries and the store's calls go straight through. */
  const idle = (): boolean => loaded && !inUse(live);

  function delivery(handle: (request: WebhookRequest) => Promise<WebhookReply>) {
    const traced = async (request: WebhookRequest): Promise<WebhookReply> => {
      const l = loaded ? inUse(live) : await active();
      if (!l) return handle(request);
      const { api, tracer } = l;
      const provider = typeof request?.provider === 'string' ? request.provider.slice(0, 40) : '(invalid)';
      const span = tracer.startSpan(
        'paywire.webhook',
        { attributes: { 'paywire.provider': provider } },
        api.context.active(),
      );
      const ctx = api.trace.setSpan(api.context.active(), span);
      const started = performance.now();
      const record = (outcome: string) => {
        const attributes = { 'paywire.provider': provider, 'paywire.webhook.outcome': outcome };
        l.deliveries.add(1, attributes);
        l.duration.record((performance.now() - started) / 1000, attributes);
      };
      try {
        const reply = await scopes.run({ live: l, ctx, provider }, () => api.context.with(ctx, () => handle(request)));
        const [first] = reply.events;
        span.setAttributes({
          'paywire.webhook.outcome': reply.outcome,
          'http.response.status_code': reply.status,
          'paywire.event.count': reply.events.length,
        });
        if (first) span.setAttributes({ 'paywire.event.type': first.type, 'paywire.event.id': first.id });
        if (reply.error) span.setAttribute('paywire.error.code', reply.error.code);
        if (reply.status >= 500)
          span.setStatus({ code: api.SpanStatusCode.ERROR, message: reply.error?.code ?? String(reply.status) });
        span.end();
        record(reply.outcome);
        return reply;
      } catch (err) {
        ended(api, span, err);
        record('error');
        throw err;
      }
    };
    // no await (and no extra promise) when telemetry is off: the common case
    return (request: WebhookRequest): Promise<WebhookReply> => (idle() ? handle(request) : traced(request));
  }

  function webhook(inner: ProviderWebhook): ProviderWebhook {
    return {
      receive(input) {
        const scope = scopes.getStore();
        if (through(scope)) return inner.receive(input);
        return child(live, scope, 'paywire.webhook.verify', { 'paywire.provider': scope?.provider ?? '' }, () =>
          inner.receive(input),
        );
      },
      acknowledge(parsed) {
        const scope = scopes.getStore();
        if (!live || !scope) return inner.acknowledge(parsed);
        const span = live.tracer.startSpan(
          'paywire.webhook.ack',
          { attributes: { 'paywire.provider': scope.provider } },
          scope.ctx,
        );
        try {
          return inner.acknowledge(parsed);
        } finally {
          span.end();
        }
      },
    };
  }

  /** Counts every failing store call (whatever methods the store has) and traces `claim` as the dedupe step. */
  function store<S extends PaywireStore>(inner: S): S {
    const counted =
      (operation: string, fn: (...args: unknown[]) => unknown) =>
      (...args: unknown[]): unknown => {
        if (!live?.metrics) return fn.apply(inner, args);
        const count = (err: unknown) =>
          live?.storeErrors.add(1, { 'paywire.store.operation': operation, 'error.type': errorType(err) });
        let result: unknown;
        try {
          result = fn.apply(inner, args);
        } catch (err) {
          count(err);
          throw err;
        }
        if (!(result instanceof Promise)) return result;
        return result.catch((err: unknown) => {
          count(err);
          throw err;
        });
      };
    const dedupe =
      (claim: (...args: unknown[]) => unknown) =>
      (...args: unknown[]) => {
        const scope = scopes.getStore();
        if (through(scope)) return claim(...args);
        return child(live, scope, 'paywire.webhook.dedupe', { 'paywire.event.id': String(args[0]) }, async (span) => {
          const result = await claim(...args);
          if (typeof result === 'string') span?.setAttribute('paywire.dedupe.result', result);
          return result;
        });
      };
    const cache = new Map<PropertyKey, unknown>();
    return new Proxy(inner, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function' || typeof key !== 'string') return value;
        if (!cache.has(key))
          cache.set(key, key === 'claim' ? dedupe(counted(key, value as never)) : counted(key, value as never));
        return cache.get(key);
      },
    });
  }

  function handler<E extends { provider: string; type: string; id: string }, A extends unknown[]>(
    fn: (event: E, ...rest: A) => unknown,
  ): (event: E, ...rest: A) => unknown {
    if (typeof fn !== 'function') return fn; // the registry refuses it with its own TypeError
    const name = fn.name || 'anonymous';
    const wrapped = (event: E, ...rest: A) => {
      const scope = scopes.getStore();
      if (through(scope)) return fn(event, ...rest);
      return child(
        live,
        scope,
        'paywire.webhook.handler',
        { 'paywire.handler': name, 'paywire.event.type': event.type, 'paywire.event.id': event.id },
        async () => {
          try {
            return await fn(event, ...rest);
          } catch (err) {
            live?.handlerFailures.add(1, {
              'paywire.provider': event.provider,
              'paywire.event.type': event.type,
              'paywire.handler': name,
            });
            throw err;
          }
        },
      );
    };
    // the registry names a handler after its function (per-handler idempotency): keep that name, even ''
    Object.defineProperty(wrapped, 'name', { value: fn.name });
    return wrapped;
  }

  function client<R extends { provider: string; operation: string; method: string; url: string | URL }, T>(
    request: (req: R) => Promise<T>,
  ) {
    return async (req: R): Promise<T> => {
      const l = loaded ? inUse(live) : await active();
      if (!l) return request(req);
      const host = new URL(req.url).host;
      const attributes = {
        'paywire.provider': req.provider,
        'paywire.operation': req.operation,
        'http.request.method': req.method,
        'server.address': host,
      };
      const span = l.tracer.startSpan(
        `paywire.${req.provider}.${req.operation}`,
        { kind: l.api.SpanKind.CLIENT, attributes },
        l.api.context.active(),
      );
      try {
        const res = await l.api.context.with(l.api.trace.setSpan(l.api.context.active(), span), () => request(req));
        const status = (res as { status?: unknown }).status;
        if (typeof status === 'number') span.setAttribute('http.response.status_code', status);
        span.end();
        return res;
      } catch (err) {
        const status = (err as { status?: unknown }).status;
        if (typeof status === 'number') span.setAttribute('http.response.status_code', status);
        ended(l.api, span, err);
        throw err;
      }
    };
  }

  return { ready, delivery, webhook, store, handler, client, idle };
}
