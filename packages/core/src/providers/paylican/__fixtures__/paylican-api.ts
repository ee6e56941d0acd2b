/** Test helper: a MockAgent standing in for Keycloak and the Paylican API, recording every request. */
import { MockAgent } from 'undici';
import { createPaywire, type PaywireLogger } from '../../../index.js';
import type { PaylicanOptions } from '../config.js';

export const KEYCLOAK = 'http://127.0.0.1:18080';
export const API = 'http://127.0.0.1:18081';
export const INVOICES = 'http://127.0.0.1:18082/invoices';
export const TOKEN_PATH = '/auth/realms/PGW/protocol/openid-connect/token';
export const PASSWORD = 'Pw-v3ry-s3cret-9431';
export const GUARD_TOKEN = 'wh-guard-token-0123456789abcdef';

export const silentLogger: PaywireLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A logger that keeps every line (message + meta) as text. */
export function recordingLogger(): PaywireLogger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string, meta?: Record<string, unknown>) => {
    lines.push(
      `${level} ${message} ${JSON.stringify(meta ?? {}, (_k, v: unknown) => (v instanceof Error ? { message: v.message, cause: v.cause } : v))}`,
    );
  };
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

type Reply = { statusCode: number; data?: unknown };

/** Recorded requests and swappable responders. */
export interface FakePaylican {
  agent: MockAgent;
  tokenRequests: URLSearchParams[];
  apiRequests: { method: string; path: string; authorization: string | undefined; body: string }[];
  /** Answers token requests; the default issues `at-<n>` valid 300 s with refresh token `rt-<n>`. */
  tokenResponder: (form: URLSearchParams, n: number) => Reply;
  /** Answers API requests; the default creates invoice `INV-<n>` or answers 204 to a void. */
  apiResponder: (
    req: { method: string; path: string; authorization: string | undefined; body: string },
    n: number,
  ) => Reply;
}

export function fakePaylican(): FakePaylican {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const fake: FakePaylican = {
    agent,
    tokenRequests: [],
    apiRequests: [],
    tokenResponder: (_form, n) => ({
      statusCode: 200,
      data: {
        access_token: `at-${n}`,
        expires_in: 300,
        refresh_token: `rt-${n}`,
        refresh_expires_in: 1800,
        token_type: 'Bearer',
      },
    }),
    apiResponder: (req, n) =>
      req.method === 'PATCH'
        ? { statusCode: 204 }
        : {
            statusCode: 200,
            data: {
              invoiceId: `INV-${n}`,
              merchantReference: (JSON.parse(req.body) as { merchantReference: string }).merchantReference,
            },
          },
  };
  agent
    .get(KEYCLOAK)
    .intercept({ path: TOKEN_PATH, method: 'POST' })
    .reply((opts) => {
      const form = new URLSearchParams(opts.body as string);
      fake.tokenRequests.push(form);
      const { statusCode, data } = fake.tokenResponder(form, fake.tokenRequests.length);
      return {
        statusCode,
        data: data === undefined ? '' : JSON.stringify(data),
        responseOptions: { headers: { 'content-type': 'application/json' } },
      };
    })
    .delay(5)
    .persist();
  for (const origin of [API, new URL(INVOICES).origin]) {
    agent
      .get(origin)
      .intercept({ path: () => true, method: () => true })
      .reply((opts) => {
        const headers = opts.headers as Record<string, string>;
        const req = {
          method: opts.method,
          path: opts.path,
          authorization: headers.authorization,
          body: opts.body === undefined ? '' : (opts.body as string),
        };
        fake.apiRequests.push(req);
        const { statusCode, data } = fake.apiResponder(req, fake.apiRequests.length);
        return {
          statusCode,
          data: data === undefined ? '' : JSON.stringify(data),
          responseOptions: { headers: { 'content-type': 'application/json' } },
        };
      })
      .persist();
  }
  return fake;
}

/** Provider options pointing at the fake. */
export function paylicanOptions(overrides: Partial<PaylicanOptions> = {}): PaylicanOptions {
  return {
    keycloakUrl: KEYCLOAK,
    paymentUrl: API,
    invoiceSystemUrl: INVOICES,
    username: 'merchant-user',
    password: PASSWORD,
    webhookAuth: { token: GUARD_TOKEN },
    ...overrides,
  };
}

/** A paywire instance talking to the fake. */
export function paywireWithFake(
  fake: FakePaylican,
  options: { clock?: { now(): number }; logger?: PaywireLogger; overrides?: Partial<PaylicanOptions> } = {},
) {
  return createPaywire({
    providers: { paylican: paylicanOptions(options.overrides) },
    http: { dispatcher: fake.agent, retries: 0 },
    logger: options.logger ?? silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
  });
}

export const paymentInput = (n = 1) => ({
  amount: '5100.00',
  type: 'XYZ',
  customerCode: 'ABC123',
  merchantReference: `REF-${n}`,
  redirectionUrl: 'https://merchant-url.com/',
  itemName: 'Item name',
  beneficiaryCode: '20',
});
