/**
 * Paylican properties for the suite (`fuzz.test.ts`) and `pnpm fuzz` (never built or published). Paylican signs
 * nothing: what is "signed" here is the delivery's guard (a URL token and HTTP Basic credentials), so a changed
 * credential must be refused, and a body sent with the right guard may be any webhook but never a throw or 5xx.
 * Internal.
 */
import fc from 'fast-check';
import {
  assertRefused,
  fuzzPaywire,
  fuzzProperty,
  hostileBodies,
  replaceAt,
  type FuzzProperty,
} from '../../__test-support__/fuzz.js';
import type { WebhookReply } from '../../index.js';
import { paylicanWebhook } from './testing.js';

const KEYS = ['id', 'type', 'data', 'createdAt', 'pendingWebhooks'] as const;
const token = 'paylican-fuzz-guard-token-0123456789';
const basic = { username: 'paylican', password: 'paylican-fuzz-password' };
const options = {
  keycloakUrl: 'http://127.0.0.1:9',
  paymentUrl: 'http://127.0.0.1:9',
  username: 'u',
  password: 'p',
  webhookAuth: { token, basic },
};
let sequence = 0;

const webhookArb = fc.record({
  type: fc.constantFrom(
    'invoice.payment_initiated',
    'invoice.payment_error',
    'invoice.payment_rejected',
    'invoice.paid',
  ),
  status: fc.constantFrom('PAID', 'UNPAID'),
  amount: fc.stringMatching(/^(0|[1-9]\d{0,14})(\.\d{1,4})?$/),
  merchantReference: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  invoiceId: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
});

function noFault(reply: WebhookReply, what: string): void {
  if (reply.status >= 500 || (reply.status >= 400 && !reply.error?.code.startsWith('ERR_')))
    throw new Error(`${what}: ${reply.status} ${reply.body}`);
}

/** Every Paylican property, each run `numRuns` times. */
export function properties(numRuns: number): FuzzProperty[] {
  return [
    fuzzProperty(
      'paylican: a guarded webhook round trip carries the exact amount and reference',
      numRuns,
      fc.asyncProperty(webhookArb, async (w) => {
        const { handle, seen } = fuzzPaywire({ paylican: options });
        const d = paylicanWebhook({ ...w, id: String(1_000_000 + sequence++) }, { token, basic });
        const reply = await handle({ provider: 'paylican', rawBody: d.body, headers: d.headers, query: d.query });
        if (reply.status !== 200) throw new Error(`round trip: ${reply.status} ${reply.body}`);
        const e = seen[0];
        if (
          e &&
          (e.amount?.value !== w.amount || e.paymentId !== w.merchantReference || e.providerPaymentId !== w.invoiceId)
        )
          throw new Error('round trip: fields differ');
        if (
          (await handle({ provider: 'paylican', rawBody: d.body, headers: d.headers, query: d.query })).outcome !==
            'duplicate' &&
          e
        )
          throw new Error('redelivery is not a duplicate');
      }),
    ),
    fuzzProperty(
      'paylican: one changed byte of the guard token or Basic credentials is refused; a changed body byte never faults',
      numRuns,
      fc.asyncProperty(
        webhookArb,
        fc.constantFrom('token' as const, 'basic' as const, 'body' as const),
        fc.nat(),
        fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }),
        async (w, where, at, char) => {
          const { handle, seen } = fuzzPaywire({ paylican: options });
          const d = paylicanWebhook({ ...w, id: String(1_000_000 + sequence++) }, { token, basic });
          const headers = { ...d.headers };
          let query = d.query;
          let body = d.body;
          if (where === 'token') query = { token: replaceAt(token, at % token.length, char) };
          if (where === 'basic')
            headers['authorization'] = replaceAt(
              headers['authorization'] as string,
              6 + (at % (headers['authorization'] as string).slice(6).length),
              char,
            );
          if (where === 'body') body = replaceAt(body, at % body.length, char);
          const changed =
            body !== d.body ||
            JSON.stringify(query) !== JSON.stringify(d.query) ||
            headers['authorization'] !== d.headers['authorization'];
          const reply = await handle({ provider: 'paylican', rawBody: body, headers, query });
          if (where === 'body') return noFault(reply, 'changed body byte');
          if (!changed) return;
          // base64 of the Basic credentials can change in a padding bit only when the char decodes identically
          const same =
            where === 'basic' &&
            Buffer.from((headers['authorization'] as string).slice(6), 'base64').equals(
              Buffer.from((d.headers['authorization'] as string).slice(6), 'base64'),
            );
          if (same) return noFault(reply, 'same credentials');
          assertRefused(reply, `changed ${where}`);
          if (seen.length > 0) throw new Error(`changed ${where}: a handler ran`);
        },
      ),
    ),
    fuzzProperty(
      'paylican: hostile bodies → a typed 4xx without the guard, never a throw or 5xx with it',
      numRuns,
      fc.asyncProperty(hostileBodies(KEYS), async (input) => {
        const { handle, seen } = fuzzPaywire({ paylican: options });
        assertRefused(
          await handle({ provider: 'paylican', ...input, query: { token: `${token}x` } }),
          `${input.label} (no guard)`,
        );
        if (seen.length > 0) throw new Error(`${input.label}: a handler ran without the guard`);
        const guarded = paylicanWebhook({}, { token, basic });
        noFault(
          await handle({ provider: 'paylican', ...input, headers: guarded.headers, query: guarded.query }),
          `${input.label} (guarded)`,
        );
      }),
    ),
  ];
}
