/**
 * The fuzzing contract shared by every provider's `fuzz.ts` (never built or published; fast-check is a root dev
 * dependency). A provider's file exports `properties(numRuns)`: named fast-check properties, each run `numRuns`
 * times by the suite (`fuzz.test.ts`, ≥1,000) and by `pnpm fuzz` (scripts/fuzz.ts, 100,000 per provider).
 */
import fc from 'fast-check';
import { MockAgent } from 'undici';
import {
  createPaywire,
  memoryStore,
  type PaymentEvent,
  type PaywireOptions,
  type WebhookReply,
  type WebhookRequest,
} from '../index.js';

/** One named property of a provider. */
export interface FuzzProperty {
  name: string;
  property: fc.IAsyncProperty<never>;
  /** How many runs this property gets (the provider's `numRuns` unless it asks for fewer, e.g. huge bodies). */
  numRuns: number;
}

/** What every provider's `fuzz.ts` exports. */
export type ProviderProperties = (numRuns: number) => FuzzProperty[];

/** Builds a {@link FuzzProperty} (keeps fast-check's generic types out of the providers' lists). */
export function fuzzProperty<T extends unknown[]>(
  name: string,
  numRuns: number,
  property: fc.IAsyncProperty<T>,
): FuzzProperty {
  return { name, numRuns, property: property as unknown as fc.IAsyncProperty<never> };
}

/** One dispatcher for every fuzzing instance (no connection pool per run; nothing leaves the process). */
const offline = new MockAgent();
offline.disableNetConnect();

/** A paywire instance for fuzzing: silent, in-memory, offline, counting handler calls. */
export function fuzzPaywire(providers: PaywireOptions['providers'], extra: Partial<PaywireOptions> = {}) {
  const store = extra.store ?? memoryStore();
  const paywire = createPaywire({
    providers,
    store,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    http: { dispatcher: offline },
    ...extra,
  });
  const seen: PaymentEvent[] = [];
  paywire.on('*', (e) => void seen.push(e));
  /** `handle` that fails the property if it ever throws or rejects. */
  const handle = async (req: WebhookRequest): Promise<WebhookReply> => {
    try {
      return await paywire.webhooks.handle(req);
    } catch (err) {
      throw new Error(`webhooks.handle threw: ${String(err)}`, { cause: err });
    }
  };
  return { paywire, store, seen, handle };
}

/** Fails unless the reply is a typed refusal: 4xx, outcome `rejected`, an `ERR_*` code in the JSON body. */
export function assertRefused(reply: WebhookReply, what: string): void {
  const code = reply.error?.code ?? '';
  if (reply.status < 400 || reply.status >= 500 || reply.outcome !== 'rejected' || !/^ERR_[A-Z_]+$/.test(code)) {
    throw new Error(`${what}: expected a typed 4xx refusal, got ${reply.status} ${reply.outcome} ${code}`);
  }
  if (!reply.body.includes(code)) throw new Error(`${what}: the body does not name ${code}`);
}

/** The comparable part of an event: everything but `raw`, `receivedAt` and unverified failure text. */
export function eventCore(e: PaymentEvent | undefined): unknown {
  if (!e) return undefined;
  const { raw: _raw, receivedAt: _at, failure, ...rest } = e;
  return { ...rest, failure: failure?.verified ? failure : undefined };
}

/** Replaces the character at `index` with `replacement` (one changed byte for ASCII text). */
export function replaceAt(text: string, index: number, replacement: string): string {
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

/** A body nested `depth` levels deep, as objects or arrays. */
export const deepJson = (depth: number, arrays: boolean): string =>
  arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/**
 * Bodies no provider could accept: random bytes, lone surrogates and other unicode edge cases, deep and huge
 * JSON, JSON of every type, and objects with the provider's own keys holding values of the wrong types.
 */
export function hostileBodies(
  keys: readonly string[],
): fc.Arbitrary<{ rawBody?: string | Uint8Array; body?: unknown; label: string }> {
  const wrongTypes = fc.dictionary(
    fc.constantFrom(...keys),
    fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(null), fc.constant([]), fc.constant({})),
    { minKeys: 1 },
  );
  const unicode = fc.string({ unit: 'binary', maxLength: 64 });
  // a body around the 1 MiB limit is costly to build: 1 run in 25
  const huge = fc
    .integer({ min: 1024 * 1024 - 16, max: 1024 * 1024 + 64 })
    .map((n) => ({ rawBody: `{"${keys[0] ?? 'a'}":"${'x'.repeat(n)}"}`, label: `${n} bytes` }));
  const cheap = fc.oneof(
    fc.uint8Array({ maxLength: 512 }).map((b) => ({ rawBody: b, label: 'random bytes' })),
    unicode.map((s) => ({ rawBody: s, label: 'unicode text' })),
    unicode.map((s) => ({
      rawBody: JSON.stringify({ [keys[0] ?? 'a']: s, [keys[1] ?? 'b']: s }),
      label: 'unicode JSON values',
    })),
    fc
      .tuple(fc.integer({ min: 65, max: 30_000 }), fc.boolean())
      .map(([d, arrays]) => ({ rawBody: deepJson(d, arrays), label: `JSON ${d} deep` })),
    fc
      .tuple(fc.integer({ min: 65, max: 30_000 }), fc.boolean())
      .map(([d, arrays]) => ({ body: JSON.parse(deepJson(d, arrays)) as unknown, label: `parsed JSON ${d} deep` })),
    fc.jsonValue({ maxDepth: 4 }).map((v) => ({ rawBody: JSON.stringify(v) ?? 'null', label: 'any JSON' })),
    wrongTypes.map((v) => ({ rawBody: JSON.stringify(v), label: 'own keys, wrong types' })),
    wrongTypes.map((v) => ({ body: v, label: 'parsed: own keys, wrong types' })),
  );
  return fc.oneof({ arbitrary: cheap, weight: 24 }, { arbitrary: huge, weight: 1 });
}
