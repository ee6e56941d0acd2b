/**
 * Property-based tests of Paykassma postbacks (fast-check), parametrized by the number of runs: the suite runs
 * them with 1,000 runs each (`fuzz.test.ts`), `pnpm fuzz` with 100,000 (`runPaykassmaFuzz`). Never built into
 * what consumers use: it imports fast-check, a development dependency.
 * @module
 */
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { createPaywire } from '../../index.js';
import type { PaymentEvent } from '../../events.js';
import type { WebhookReply } from '../../webhooks/types.js';
import { testing } from '../../testing/index.js';
import { decimalFromToken } from './decimal.js';
import { phpJsonEncodeValue } from '../../lib/json/index.js';

const keys = { accessKey: 'fuzz-access-key', privateKey: 'fuzz-private-key' };
const options = {
  apiUrl: 'http://127.0.0.1:9',
  pluginUrl: 'http://127.0.0.1:9',
  apiSecret: 'fuzz-api-secret',
  postbackAccessKey: keys.accessKey,
  postbackPrivateKey: ['fuzz-old-key', keys.privateKey],
};

const silent = { debug() {}, info() {}, warn() {}, error() {} };
type Post = (rawBody: string | Uint8Array) => Promise<WebhookReply>;

/** A paywire with Paykassma only, counting handler calls. */
function instance(): { post: Post; calls: () => number } {
  const paywire = createPaywire({ providers: { paykassma: options }, logger: silent });
  let calls = 0;
  paywire.on('*', () => void calls++);
  return { post: (rawBody) => paywire.webhooks.handle({ provider: 'paykassma', rawBody }), calls: () => calls };
}
/** The normalized part of an event (receivedAt and the unsigned label aside). */
const normalized = (e: PaymentEvent) => ({
  id: e.id,
  type: e.type,
  paymentId: e.paymentId,
  providerPaymentId: e.providerPaymentId,
  amount: e.amount,
  failure: e.failure,
  occurredAt: e.occurredAt?.getTime(),
  transaction: (e.raw as { transaction?: unknown }).transaction,
  postback: (e.raw as { postback?: unknown }).postback,
});

// Unicode edge cases: astral characters, U+2028/U+2029, controls, slashes, quotes, BOM, combining marks.
const edgy = fc.constantFrom(
  '/',
  '\\',
  '"',
  '\u2028',
  '\u2029',
  '\u0000',
  '\u001f',
  '\u007f',
  '\ufeff',
  '𝄞',
  'မ',
  'é',
  'e\u0301',
  '</script>',
  '%',
  '\n',
);
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.array(edgy, { maxLength: 6 }).map((a) => a.join('')),
);
const id = fc.oneof(fc.integer({ min: 0, max: 2 ** 53 - 1 }), fc.stringMatching(/^[A-Za-z0-9/_-]{1,40}$/));
/** An amount and its exact decimal as PHP would sign it. */
const amount = fc
  .oneof(fc.integer({ min: 1, max: 10 ** 12 }), fc.double({ min: 0.01, max: 1e9, noNaN: true }))
  .map((n) => ({ n, decimal: decimalFromToken(phpJsonEncodeValue(n) as string) }));
const extraValue = fc.oneof(
  text,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(fc.constantFrom('USD', 'INR', 'EUR', 'MMK'), fc.double({ min: 0, max: 1e6, noNaN: true })),
);

const flatInput = fc.record({
  amount,
  label: text,
  customId: fc.option(id, { nil: undefined }),
  transactionId: id,
  status: fc.constantFrom('Success', 'success', 'Failed', 'Rejected'),
  extra: fc.dictionary(
    fc
      .stringMatching(/^[a-z_]{1,12}$/)
      .filter(
        (k) =>
          ![
            'signature',
            'access_key',
            'type',
            'transaction_type',
            'status',
            'amount',
            'id',
            'transaction_id',
            'custom_id',
            'custom_transaction_id',
            'label',
            'created_at',
            'activated_at',
            'created_datetime',
            'activated_datetime',
            'currency_code',
          ].includes(k),
      ),
    extraValue,
    { maxKeys: 4 },
  ),
});

type FlatInput = typeof flatInput extends fc.Arbitrary<infer T> ? T : never;

function flatDelivery(input: FlatInput) {
  return testing.paykassma.delivery(
    {
      ...input.extra,
      amount: input.amount.n,
      label: input.label,
      transaction_id: input.transactionId,
      status: input.status,
      ...(input.customId !== undefined ? { custom_transaction_id: input.customId } : {}),
    },
    keys,
  );
}

/** One named property; `check` rejects with fast-check's counterexample report. */
export interface PaykassmaProperty {
  name: string;
  check: () => Promise<void>;
}

/**
 * The Paykassma properties, each run `numRuns` times.
 *
 * @example
 * ```ts
 * import { paykassmaProperties } from './fuzz.js'
 * for (const p of paykassmaProperties(1000)) await p.check()
 * ```
 */
export function paykassmaProperties(numRuns: number): PaykassmaProperty[] {
  const run = <T>(property: fc.IAsyncPropertyWithHooks<T>) => fc.assert(property, { numRuns });
  return [
    {
      name: 'flat: sign → verify round trip gives the exact signed amount and ids',
      check: () => {
        const { post } = instance();
        return run(
          fc.asyncProperty(flatInput, async (input) => {
            const reply = await post(flatDelivery(input).body);
            if (reply.status !== 200) throw new Error(`answered ${reply.status}: ${reply.body}`);
            const e = reply.events[0] as PaymentEvent;
            if (e.amount?.value !== input.amount.decimal)
              throw new Error(`amount ${e.amount?.value} ≠ ${input.amount.decimal}`);
            const expectedPaymentId =
              input.customId !== undefined ? String(input.customId) : input.label === '' ? undefined : input.label;
            if (e.paymentId !== expectedPaymentId || e.providerPaymentId !== String(input.transactionId))
              throw new Error(`ids ${e.paymentId}/${e.providerPaymentId}`);
          }),
        );
      },
    },
    {
      name: 'legacy: sign → verify round trip under both transactions schemes, one event per transaction',
      check: () => {
        const { post } = instance();
        const txs = fc.uniqueArray(
          fc.record({ custom: fc.stringMatching(/^[A-Za-z0-9/_-]{1,30}$/), amount, note: text }),
          { minLength: 1, maxLength: 5, selector: (t) => t.custom },
        );
        return run(
          fc.asyncProperty(
            txs,
            fc.constantFrom<'transactions' | 'transactions-escaped'>('transactions', 'transactions-escaped'),
            text,
            async (list, scheme, label) => {
              const d = testing.paykassma.postback(
                { label, transactions: list.map((t) => ({ custom_id: t.custom, amount: t.amount.n, note: t.note })) },
                { ...keys, scheme },
              );
              const reply = await post(d.body);
              if (reply.status !== 200) throw new Error(`answered ${reply.status}: ${reply.body}`);
              const got = reply.events.map((e) => [e.paymentId, e.amount?.value]);
              if (JSON.stringify(got) !== JSON.stringify(list.map((t) => [t.custom, t.amount.decimal])))
                throw new Error(`events ${JSON.stringify(got)}`);
            },
          ),
        );
      },
    },
    {
      name: 'any single changed byte is refused (4xx, no handler) or yields exactly the same event',
      check: () => {
        const reference = instance();
        const format = fc.constantFrom('flat', 'legacy');
        return run(
          fc.asyncProperty(
            flatInput,
            format,
            fc.nat(),
            fc.integer({ min: 0, max: 255 }),
            async (input, which, at, byte) => {
              const body =
                which === 'flat'
                  ? flatDelivery(input).body
                  : testing.paykassma.postback(
                      {
                        label: input.label,
                        transactions: [
                          {
                            amount: input.amount.n,
                            custom_id: input.customId ?? null,
                            transaction_id: input.transactionId,
                            ...input.extra,
                          },
                        ],
                      },
                      keys,
                    ).body;
              const original = await reference.post(body);
              const bytes = Buffer.from(body, 'utf8');
              const i = at % bytes.length;
              if (bytes[i] === byte) return;
              bytes[i] = byte;
              const target = instance();
              const reply = await target.post(bytes);
              if (reply.status >= 500) throw new Error(`answered ${reply.status}`);
              if (reply.status >= 400) {
                if (target.calls() !== 0) throw new Error('a handler ran for a refused delivery');
                return;
              }
              if (JSON.stringify(reply.events.map(normalized)) !== JSON.stringify(original.events.map(normalized)))
                throw new Error('accepted with a different event');
            },
          ),
        );
      },
    },
    {
      name: 'random bytes, JSON of any shape and depth, and unicode never throw, never 5xx, never reach a handler',
      check: () => {
        const { post, calls } = instance();
        const deep = fc
          .integer({ min: 1, max: 20_000 })
          .map((n) => `{"signature":"${'a'.repeat(40)}","x":${'['.repeat(n)}${']'.repeat(n)}}`);
        const body = fc.oneof(
          fc.uint8Array({ maxLength: 512 }),
          fc.json({ depthSize: 'large' }),
          fc.jsonValue().map((v) =>
            JSON.stringify({
              signature: 'f'.repeat(40),
              access_key: keys.accessKey,
              transactions: v,
              amount: v,
              status: v,
              type: v,
            }),
          ),
          deep,
          text.map((t) =>
            JSON.stringify({
              signature: '0'.repeat(40),
              label: t,
              amount: 1,
              status: 'Success',
              type: 'deposit',
              id: 1,
            }),
          ),
          fc.string({ unit: 'binary', maxLength: 64 }),
        );
        return run(
          fc.asyncProperty(body, async (b) => {
            const reply = await post(b);
            if (reply.status < 400 || reply.status >= 500) throw new Error(`answered ${reply.status}`);
            if (calls() !== 0) throw new Error('a handler ran');
          }),
        );
      },
    },
    {
      name: 'correctly signed bodies with wrong types answer 2xx or a typed 4xx, never throw or 5xx',
      check: () => {
        const { post } = instance();
        const anyValue = fc.oneof(
          fc.jsonValue({ maxDepth: 3 }),
          text,
          fc.constantFrom(-0, 0.5, 1e21, -1, 2 ** 63, '', '1e0'),
        );
        const fields = fc.dictionary(
          fc.constantFrom(
            'amount',
            'status',
            'type',
            'transaction_id',
            'id',
            'custom_transaction_id',
            'custom_id',
            'label',
            'created_at',
            'activated_at',
            'currency_code',
            'converted_amount',
          ),
          anyValue,
          { maxKeys: 8 },
        );
        return run(
          fc.asyncProperty(fields, async (f) => {
            let body: string;
            try {
              body = testing.paykassma.delivery(f, keys).body;
            } catch {
              return; // no PHP encoding (e.g. a number PHP cannot write): nothing a sender could sign
            }
            const reply = await post(body);
            if (reply.status >= 500 || (reply.status >= 300 && reply.status < 400))
              throw new Error(`answered ${reply.status}: ${reply.body}`);
            for (const e of reply.events)
              if (!/^-?\d+(\.\d+)?$/.test(e.amount?.value ?? '')) throw new Error(`event amount ${e.amount?.value}`);
          }),
        );
      },
    },
  ];
}

/**
 * Runs every property `numRuns` times and prints runs and failures per property (`pnpm fuzz`).
 *
 * @example
 * ```ts
 * import { runPaykassmaFuzz } from './fuzz.js'
 * const failures = await runPaykassmaFuzz(100_000)
 * ```
 * @returns the number of failed properties.
 */
export async function runPaykassmaFuzz(
  numRuns = 100_000,
  print: (line: string) => void = console.log,
): Promise<number> {
  let failures = 0;
  for (const p of paykassmaProperties(numRuns)) {
    const started = Date.now();
    try {
      await p.check();
      print(`paykassma  ${p.name}: ${numRuns} runs, 0 failures (${Date.now() - started} ms)`);
    } catch (err) {
      failures++;
      print(`paykassma  ${p.name}: FAILED after up to ${numRuns} runs\n${(err as Error).message}`);
    }
  }
  return failures;
}

/**
 * `pnpm fuzz`'s entry for Paykassma (which runs its own properties): `runs` split evenly over the properties.
 * @returns the number of failed properties.
 */
export async function run(runs: number): Promise<number> {
  return runPaykassmaFuzz(Math.ceil(runs / paykassmaProperties(1).length));
}

// `tsx --conditions=@paywire/source packages/core/src/providers/paykassma/fuzz.ts [numRuns]`
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = (await runPaykassmaFuzz(Number(process.argv[2] ?? 100_000))) > 0 ? 1 : 0;
}
