import type { AddressInfo } from 'node:net';
import {
  Body,
  Catch,
  Controller,
  Get,
  Inject,
  Injectable,
  Module,
  Param,
  Post,
  Scope,
  type ArgumentsHost,
  type CanActivate,
  type DynamicModule,
  type ExceptionFilter,
  type INestApplication,
  type LoggerService,
  type Provider,
  type Type,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import {
  memoryStore,
  type PaymentEvent,
  type PaymentEventType,
  type Paywire,
  type PaywireStore,
  type ProviderName,
} from '@paywire/core';
import request from 'supertest';
import {
  InjectPaywire,
  OnPaymentCanceled,
  OnPaymentEvent,
  OnPaymentFailed,
  OnPaymentPaid,
  PaymentsModule,
  type PaymentsModuleOptions,
  type PaymentsOptionsFactory,
  type PaymentsWebhookOptions,
} from '../index.js';
import { allProviderOptions, PROVIDER_ROWS, type ProviderRow } from './provider-rows.js';

/** One handler invocation. */
export interface HandlerCall {
  handler: string;
  provider: ProviderName;
  type: PaymentEventType;
  eventId: string;
}

/** Records handler invocations. */
export class CallLog {
  readonly calls: HandlerCall[] = [];
  record(handler: string, event: PaymentEvent): void {
    this.calls.push({ handler, provider: event.provider, type: event.type, eventId: event.id });
  }
  /** Handler names, sorted. */
  handlers(): string[] {
    return this.calls.map((c) => c.handler).sort();
  }
}

/** Handlers without a provider filter, several per class and per event. */
@Injectable()
export class Orders {
  constructor(@Inject(CallLog) private readonly log: CallLog) {}

  @OnPaymentPaid()
  onPaid(event: PaymentEvent): void {
    this.log.record('Orders.onPaid', event);
  }

  @OnPaymentEvent(['payment.paid', 'payment.refunded'])
  async onMoneyMoved(event: PaymentEvent): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.log.record('Orders.onMoneyMoved', event);
  }

  @OnPaymentFailed()
  @OnPaymentCanceled()
  onNotPaid(event: PaymentEvent): void {
    this.log.record('Orders.onNotPaid', event);
  }
}

/** A handler that throws while `failNext` is above zero. */
@Injectable()
export class Flaky {
  failNext = 0;
  attempts = 0;
  constructor(@Inject(CallLog) private readonly log: CallLog) {}

  @OnPaymentPaid()
  async onPaid(event: PaymentEvent): Promise<void> {
    this.attempts++;
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('the orders database is unavailable');
    }
    this.log.record('Flaky.onPaid', event);
  }
}

/** A class whose `onPaid` only receives `provider`'s events; its name is `<provider>Handlers`. */
export function providerHandlers(provider: ProviderName): Type {
  @Injectable()
  class ProviderHandlers {
    constructor(@Inject(CallLog) private readonly log: CallLog) {}

    @OnPaymentPaid({ provider })
    onPaid(event: PaymentEvent): void {
      this.log.record(`${provider}Handlers.onPaid`, event);
    }
  }
  Object.defineProperty(ProviderHandlers, 'name', { value: `${provider}Handlers` });
  return ProviderHandlers;
}

/** A payment handler in a request-scoped provider (refused at bootstrap). */
@Injectable({ scope: Scope.REQUEST })
export class RequestScopedHandlers {
  @OnPaymentPaid()
  onPaid(): void {}
}

/** A service that calls provider clients. */
@Injectable()
export class Checkout {
  constructor(@InjectPaywire() readonly paywire: Paywire) {}
}

/** A feature module of the app: the handlers live here, not in the module importing PaymentsModule. */
@Module({})
class OrdersModule {
  static register(log: CallLog, handlers: readonly Type[]): DynamicModule {
    const providers: Provider[] = [{ provide: CallLog, useValue: log }, Orders, Flaky, Checkout, ...handlers];
    return { module: OrdersModule, providers, exports: providers };
  }
}

/** A ConfigService stand-in (no @nestjs/config here). */
export class TestConfigService {
  constructor(private readonly values: Record<string, unknown>) {}
  get<T>(key: string): T {
    return this.values[key] as T;
  }
}

/** An options factory class for `forRootAsync({ useClass })` and `({ useExisting })`. */
@Injectable()
export class PaymentsConfig implements PaymentsOptionsFactory {
  constructor(@Inject(TestConfigService) private readonly config: TestConfigService) {}
  createPaymentsOptions(): PaymentsModuleOptions {
    return this.config.get<PaymentsModuleOptions>('payments');
  }
}

/** A ConfigModule stand-in; also provides {@link PaymentsConfig} for `useExisting`. */
@Module({})
export class TestConfigModule {
  static register(values: Record<string, unknown>): DynamicModule {
    const providers: Provider[] = [
      { provide: TestConfigService, useValue: new TestConfigService(values) },
      PaymentsConfig,
    ];
    return { module: TestConfigModule, providers, exports: providers };
  }
}

/** An app-wide filter that rewrites every exception into a 418. */
@Catch()
class RewriteEverythingFilter implements ExceptionFilter {
  catch(_error: unknown, host: ArgumentsHost): void {
    type ExpressResponse = { status(n: number): { json(b: unknown): void } };
    type FastifyReply = { code(n: number): { type(t: string): { send(b: string): void } } };
    const res = host.switchToHttp().getResponse<ExpressResponse | FastifyReply>();
    if (typeof (res as { json?: unknown }).json === 'function')
      (res as ExpressResponse).status(418).json({ rewritten: true });
    else (res as FastifyReply).code(418).type('application/json; charset=utf-8').send('{"rewritten":true}');
  }
}

/** An app-wide guard that refuses everything (as a global auth guard would refuse an anonymous provider). */
@Injectable()
class DenyAllGuard implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@Controller('health')
class HealthController {
  @Get()
  get(): string {
    return 'up';
  }
}

/** The app's own route under the webhook path `webhooks` (a GitHub webhook the app handles itself). */
@Controller('webhooks')
export class GithubHooksController {
  @Post('github')
  receive(@Body() body: unknown): { app: string; body: unknown } {
    return { app: 'github', body };
  }
}

/** The app's own routes whose URL merely contains `webhooks/<provider>`. */
@Controller('admin/webhooks')
export class AdminHooksController {
  @Post(':name')
  receive(@Param('name') name: string, @Body() body: unknown): { admin: string; body: unknown } {
    return { admin: name, body };
  }
}

/** Captures Nest log lines. */
export class CapturedLogger implements LoggerService {
  readonly lines: { level: string; message: string; extra: unknown[] }[] = [];
  #push =
    (level: string) =>
    (message: unknown, ...extra: unknown[]) =>
      void this.lines.push({ level, message: String(message), extra });
  log = this.#push('log');
  error = this.#push('error');
  warn = this.#push('warn');
  debug = this.#push('debug');
  verbose = this.#push('verbose');
  fatal = this.#push('fatal');
}

/** The HTTP platforms the suites run on, for `describe.each`. */
export const PLATFORMS = [['express'], ['fastify']] as const;

/** A Nest HTTP platform. */
export type Platform = (typeof PLATFORMS)[number][0];

/** How to build the test app. */
export interface AppSetup {
  /** `@nestjs/platform-express` or `@nestjs/platform-fastify`. @default 'express' */
  platform?: Platform;
  /** `forRootAsync` uses `useFactory`; the `:useClass` / `:useExisting` forms use {@link PaymentsConfig}. */
  mode: 'forRoot' | 'forRootAsync' | 'forRootAsync:useClass' | 'forRootAsync:useExisting';
  /** `createNestApplication({ rawBody })`. @default false */
  rawBody?: boolean;
  /** `createNestApplication({ bodyParser })`. @default true */
  bodyParser?: boolean;
  /** Add an app-wide APP_FILTER and APP_GUARD (and a /health controller they apply to); `'filter'`: only the filter. */
  appWide?: boolean | 'filter';
  /** The app's own controllers. @default [] (plus /health with `appWide`) */
  controllers?: readonly Type[];
  rows?: readonly ProviderRow[];
  /** Extra handler classes. @default a provider-filtered class per row */
  handlers?: readonly Type[];
  webhooks?: PaymentsWebhookOptions;
  /** OpenTelemetry settings passed in the module options. @default {} */
  telemetry?: PaymentsModuleOptions['telemetry'];
  globalPrefix?: string;
  /** Called with the app before it listens (e.g. to add an app-wide middleware with `app.use`). */
  beforeListen?: (app: INestApplication) => void;
}

/** A running test app. */
export interface PaymentsApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  /** The port on 127.0.0.1. */
  port: number;
  calls: CallLog;
  logs: CapturedLogger;
  store: PaywireStore;
  close(): Promise<void>;
}

function paymentsImport(mode: AppSetup['mode'], options: PaymentsModuleOptions): DynamicModule {
  if (mode === 'forRoot') return PaymentsModule.forRoot({ ...options, isGlobal: true });
  const imports = [TestConfigModule.register({ payments: options })];
  if (mode === 'forRootAsync:useClass')
    return PaymentsModule.forRootAsync({ imports, useClass: PaymentsConfig, isGlobal: true });
  if (mode === 'forRootAsync:useExisting')
    return PaymentsModule.forRootAsync({ imports, useExisting: PaymentsConfig, isGlobal: true });
  return PaymentsModule.forRootAsync({
    imports,
    inject: [TestConfigService],
    useFactory: async (config: TestConfigService) => config.get<PaymentsModuleOptions>('payments'),
    isGlobal: true,
  });
}

/** Builds the app with `Test.createTestingModule` and listens on 127.0.0.1. */
export async function startPaymentsApp(setup: AppSetup): Promise<PaymentsApp> {
  const rows = setup.rows ?? PROVIDER_ROWS;
  const store = memoryStore();
  const calls = new CallLog();
  const logs = new CapturedLogger();
  const options: PaymentsModuleOptions = {
    providers: allProviderOptions(rows),
    store,
    ...(setup.webhooks ? { webhooks: setup.webhooks } : {}),
    ...(setup.telemetry ? { telemetry: setup.telemetry } : {}),
  };
  const handlers = setup.handlers ?? rows.map((r) => providerHandlers(r.provider));
  const appWide: Provider[] = setup.appWide ? [{ provide: APP_FILTER, useClass: RewriteEverythingFilter }] : [];
  if (setup.appWide === true) appWide.push({ provide: APP_GUARD, useClass: DenyAllGuard });
  const moduleRef = await Test.createTestingModule({
    imports: [paymentsImport(setup.mode, options), OrdersModule.register(calls, handlers)],
    providers: appWide,
    controllers: [...(setup.appWide ? [HealthController] : []), ...(setup.controllers ?? [])],
  })
    .setLogger(logs)
    .compile();
  const appOptions = { rawBody: setup.rawBody ?? false, bodyParser: setup.bodyParser ?? true };
  const app =
    setup.platform === 'fastify'
      ? moduleRef.createNestApplication(new FastifyAdapter(), appOptions)
      : moduleRef.createNestApplication(appOptions);
  if (setup.globalPrefix) app.setGlobalPrefix(setup.globalPrefix);
  setup.beforeListen?.(app);
  try {
    await app.listen(0, '127.0.0.1');
  } catch (err) {
    await app.close().catch(() => {});
    throw err;
  }
  const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
  return { app, http: request(`http://127.0.0.1:${port}`), port, calls, logs, store, close: () => app.close() };
}
