/**
 * ETpay properties for the suite (`fuzz.test.ts`) and `pnpm fuzz` (never built or published). Internal.
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
import { etpayNotification, etpaySession, storeEtpaySession } from './testing.js';

const options = {
  apiUrl: 'http://127.0.0.1:9',
  pmtUrl: 'http://127.0.0.1:9',
  merchantCode: 'm',
  merchantApiToken: 'etpay-fuzz-api-token',
};
let sequence = 0;

const notificationArb = fc.record({
  paymentStatus: fc.oneof(
    fc.constantFrom('success', 'rejected', 'canceled', 'failed'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
  ),
  paymentToken: fc.option(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), { nil: null }),
  orderAmount: fc.integer({ min: 1, max: 1_000_000_000 }),
  alg: fc.constantFrom('HS256' as const, 'HS384' as const, 'HS512' as const),
  signatureToken: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 64 }),
  userRut: fc.option(fc.string({ unit: 'binary', maxLength: 12 }), { nil: undefined }),
});

type Generated = typeof notificationArb extends fc.Arbitrary<infer T> ? T : never;

async function prepared(n: Generated) {
  const ctx = fuzzPaywire({ etpay: options });
  const session = await storeEtpaySession(
    ctx.store,
    etpaySession({
      sessionToken: `st-fuzz-${sequence++}`,
      signatureToken: n.signatureToken,
      orderAmount: n.orderAmount,
    }),
  );
  const d = await etpayNotification({
    ...session,
    paymentStatus: n.paymentStatus,
    paymentToken: n.paymentToken,
    alg: n.alg,
    ...(n.userRut !== undefined ? { userRut: n.userRut } : {}),
  });
  return { ...ctx, session, d };
}

/** Every ETpay property, each run `numRuns` times. */
export function properties(numRuns: number): FuzzProperty[] {
  return [
    fuzzProperty(
      'etpay: sign → verify round trip; another session key is refused',
      numRuns,
      fc.asyncProperty(notificationArb, fc.string({ minLength: 1, maxLength: 64 }), async (n, otherKey) => {
        const { handle, seen, session, d } = await prepared(n);
        const reply = await handle({ provider: 'etpay', rawBody: d.body });
        const e = seen[0];
        if (
          reply.status !== 200 ||
          !e ||
          e.id !== `etpay:${session.sessionToken}:${n.paymentStatus}` ||
          e.amount?.value !== String(n.orderAmount)
        )
          throw new Error(`round trip: ${reply.status} ${reply.body}`);
        if (otherKey === n.signatureToken) return;
        const forged = await etpayNotification({ ...session, signatureToken: otherKey, paymentStatus: 'success' });
        assertRefused(await handle({ provider: 'etpay', rawBody: forged.body }), 'another key');
        if (seen.length !== 1) throw new Error('a forged notification reached a handler');
      }),
    ),
    fuzzProperty(
      'etpay: one changed byte of the JWT or body, or a changed claim under the old signature, is refused or yields the same event',
      numRuns,
      fc.asyncProperty(
        notificationArb,
        fc.oneof(
          fc.record({
            kind: fc.constant('byte' as const),
            at: fc.nat(),
            char: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }),
          }),
          fc.record({
            kind: fc.constant('claim' as const),
            key: fc.constantFrom(
              'session_token',
              'payment_status',
              'payment_token',
              'order_amount',
              'merchant_order_id',
              'exp',
            ),
            value: fc.jsonValue({ maxDepth: 1 }),
          }),
        ),
        async (n, change) => {
          const { handle, seen, d } = await prepared(n);
          await handle({ provider: 'etpay', rawBody: d.body });
          const original = JSON.stringify(eventCore(seen[0]));
          let changed: string;
          if (change.kind === 'byte') changed = replaceAt(d.body, change.at % d.body.length, change.char);
          else {
            const [header, payload, signature] = d.jwt.split('.') as [string, string, string];
            const claims = {
              ...(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>),
              [change.key]: change.value,
            };
            changed = JSON.stringify({
              payment: `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`,
            });
          }
          if (changed === d.body) return;
          const reply = await handle({ provider: 'etpay', rawBody: changed });
          if (reply.status === 200) {
            if (
              reply.outcome !== 'duplicate' ||
              JSON.stringify(eventCore(reply.events[0])) !== original ||
              seen.length !== 1
            )
              throw new Error(`a changed notification was accepted as another event: ${changed}`);
          } else assertRefused(reply, `changed ${change.kind}`);
        },
      ),
    ),
    fuzzProperty(
      'etpay: hostile bodies and JWTs → a typed 4xx, never a throw, a 5xx or a handler call',
      numRuns,
      fc.asyncProperty(
        fc.oneof(
          hostileBodies(['payment']),
          fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map(([a, b, c]) => ({
            rawBody: JSON.stringify({ payment: `${a}.${b}.${c}` }),
            label: 'random JWS parts',
          })),
          fc.jsonValue({ maxDepth: 3 }).map((claims) => ({
            rawBody: JSON.stringify({
              payment: `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims) ?? 'null').toString('base64url')}.sig`,
            }),
            label: 'any claims',
          })),
        ),
        async (input) => {
          const { handle, seen } = fuzzPaywire({ etpay: options });
          assertRefused(await handle({ provider: 'etpay', ...input }), input.label);
          if (seen.length > 0) throw new Error(`${input.label}: a handler ran`);
        },
      ),
    ),
  ];
}
