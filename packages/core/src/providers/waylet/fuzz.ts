/**
 * Waylet properties for the suite (`fuzz.test.ts`) and `pnpm fuzz` (never built or published). Internal.
 */
import fc from 'fast-check';
import {
  assertRefused,
  eventCore,
  fuzzPaywire,
  fuzzProperty,
  hostileBodies,
  replaceAt,
  type FuzzProperty,
} from '../../__test-support__/fuzz.js';
import { signCallback } from './signature.js';

/** The members of a Waylet callback (the fuzz properties and the webhook tests vary them). */
export const CALLBACK_KEYS = [
  'paymentId',
  'wayletPaymentId',
  'status',
  'amount',
  'signature',
  'errorCode',
  'errorDescription',
] as const;
const base = { baseUrl: 'http://127.0.0.1:9/api', apiKey: 'waylet-fuzz-api-key', commerceId: 'c-fuzz' };
const secretArb = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
  .filter((s) => s.trim() === s && s !== '');
let sequence = 0;

const callbackArb = fc.record({
  paymentId: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  wayletPaymentId: fc.stringMatching(/^[0-9a-f]{24}$/),
  status: fc.constantFrom('PAID', 'REFUSED', 'CANCELED', 'CANCELLED'),
  amount: fc.oneof(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.stringMatching(/^[1-9]\d{0,15}$/)),
  errorCode: fc.option(fc.string({ unit: 'binary', maxLength: 20 }), { nil: undefined }),
  errorDescription: fc.option(fc.string({ unit: 'binary', maxLength: 60 }), { nil: undefined }),
  encoding: fc.constantFrom('hex' as const, 'base64' as const),
});

type Generated = typeof callbackArb extends fc.Arbitrary<infer T> ? T : never;

function signedBody(c: Generated, secret: string): { text: string; json: Record<string, unknown> } {
  const { encoding, ...fields } = c;
  // the dedup id is the Waylet payment id: keep it unique per run so every round trip is a new payment
  const wayletPaymentId = `${c.wayletPaymentId}${(sequence++).toString(16)}`;
  const json: Record<string, unknown> = { ...fields, wayletPaymentId };
  json['signature'] = signCallback(
    { paymentId: c.paymentId, wayletPaymentId, status: c.status, amount: c.amount },
    { secret, encoding },
  );
  return { text: JSON.stringify(json), json };
}

/** Every Waylet property, each run `numRuns` times. */
export function properties(numRuns: number): FuzzProperty[] {
  return [
    fuzzProperty(
      'waylet: sign → verify round trip; another secret is refused',
      numRuns,
      fc.asyncProperty(callbackArb, secretArb, secretArb, async (c, secret, other) => {
        const { handle, seen } = fuzzPaywire({ waylet: { ...base, secret, signatureEncoding: c.encoding } });
        const { text } = signedBody(c, secret);
        const reply = await handle({ provider: 'waylet', rawBody: text });
        if (reply.status !== 200 || reply.outcome !== 'processed' || seen.length !== 1)
          throw new Error(`round trip: ${reply.status} ${reply.body}`);
        const e = seen[0];
        const status = c.status === 'CANCELLED' ? 'CANCELED' : c.status;
        if (e?.paymentId !== c.paymentId || e.amount?.value !== String(c.amount) || !e.id.endsWith(`:${status}`))
          throw new Error('round trip: the event does not carry the signed fields');
        if (other !== secret)
          assertRefused(
            await handle({ provider: 'waylet', rawBody: signedBody(c, other).text }),
            'signed with another secret',
          );
      }),
    ),
    fuzzProperty(
      'waylet: one changed byte or field is refused or yields exactly the same event',
      numRuns,
      fc.asyncProperty(
        callbackArb,
        fc.oneof(
          fc.record({
            kind: fc.constant('byte' as const),
            at: fc.nat(),
            char: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }),
          }),
          fc.record({
            kind: fc.constant('field' as const),
            key: fc.constantFrom(...CALLBACK_KEYS),
            value: fc.jsonValue({ maxDepth: 2 }),
          }),
        ),
        async (c, change) => {
          const secret = 'waylet-fuzz-secret';
          const { handle, seen } = fuzzPaywire({ waylet: { ...base, secret, signatureEncoding: c.encoding } });
          const { text, json } = signedBody(c, secret);
          await handle({ provider: 'waylet', rawBody: text });
          const original = eventCore(seen[0]);
          const changed =
            change.kind === 'byte'
              ? replaceAt(text, change.at % text.length, change.char)
              : JSON.stringify({ ...json, [change.key]: change.value });
          if (changed === text) return;
          const reply = await handle({ provider: 'waylet', rawBody: changed });
          if (reply.status === 200) {
            if (
              reply.outcome !== 'duplicate' ||
              JSON.stringify(eventCore(reply.events[0])) !== JSON.stringify(original) ||
              seen.length !== 1
            ) {
              throw new Error(`a changed delivery was accepted as a different event: ${changed}`);
            }
          } else assertRefused(reply, `changed ${change.kind}`);
        },
      ),
    ),
    fuzzProperty(
      'waylet: hostile bodies → a typed 4xx, never a throw, a 5xx or a handler call',
      numRuns,
      fc.asyncProperty(hostileBodies(CALLBACK_KEYS), async (input) => {
        const { handle, seen } = fuzzPaywire({ waylet: { ...base, secret: 'waylet-fuzz-secret' } });
        assertRefused(await handle({ provider: 'waylet', ...input }), input.label);
        if (seen.length > 0) throw new Error(`${input.label}: a handler ran`);
      }),
    ),
  ];
}
