import { paywireError } from '../../errors.js';
import type { PaymentEvent, PaymentEventType } from '../../events.js';
import { readTopLevelMembers } from '../../lib/json/index.js';
import type { PaywireLogger } from '../../lib/logger.js';
import type { ParsedDelivery, ProviderWebhook } from '../types.js';
import type { PaylicanConfig } from './config.js';
import { createWebhookGuard } from './guard.js';
import { paylicanWebhookSchema, type PaylicanWebhook } from './schemas.js';

/** A parsed Paylican webhook with the exact source text of its id and amount. */
export interface ParsedPaylicanWebhook {
  webhook: PaylicanWebhook;
  /** The webhook id exactly as sent (a Java long may exceed JavaScript's safe integers). */
  idText: string;
  /** `data.totalAmount` exactly as sent (`"5100.00"`), when it is a plain decimal. */
  amountText: string | undefined;
}

/** Reads a member's token text: a JSON string token gives its content, a number its digits. */
function tokenText(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  return token.startsWith('"') ? (JSON.parse(token) as string) : token;
}

/**
 * Parses a Paylican webhook body (the exact text received). Paylican signs nothing: authenticate the
 * delivery first (see `createWebhookGuard`).
 *
 * @example
 * ```ts
 * import { parseWebhook } from '@paywire/core/paylican'
 * const { webhook, amountText } = parseWebhook(rawBody.toString('utf8'))
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID` when the body is not JSON or not a Paylican webhook.
 */
export function parseWebhook(body: string, json?: unknown): ParsedPaylicanWebhook {
  let value = json;
  if (value === undefined) {
    try {
      value = JSON.parse(body);
    } catch {
      throw paywireError('ERR_PAYLOAD_INVALID', 'paylican webhook: the body is not valid JSON', {
        provider: 'paylican',
      });
    }
  }
  const parsed = paylicanWebhookSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw paywireError(
      'ERR_PAYLOAD_INVALID',
      `paylican webhook: ${issue?.path.join('.') || 'body'}: ${issue?.message}`,
      { provider: 'paylican' },
    );
  }
  const members = readTopLevelMembers(body);
  const dataText = members.get('data');
  const amount = tokenText(dataText === undefined ? undefined : readTopLevelMembers(dataText).get('totalAmount'));
  const idText = tokenText(members.get('id')) ?? String(parsed.data.id);
  if (!/^\d+$/.test(idText))
    throw paywireError('ERR_PAYLOAD_INVALID', 'paylican webhook: id: must be an integer', { provider: 'paylican' });
  return {
    webhook: parsed.data,
    idText,
    amountText: amount !== undefined && /^-?\d+(\.\d+)?$/.test(amount) ? amount : undefined,
  };
}

/**
 * The normalized type of a Paylican webhook, `data.status` first: status `PAID` → `payment.paid` (whatever the
 * type, e.g. the documented "Payment Executed" under `invoice.payment_initiated`); `invoice.payment_error` and
 * `invoice.payment_rejected` → `payment.failed`; `invoice.paid` → `payment.paid`; `invoice.payment_initiated`
 * with `UNPAID` → `payment.pending`; anything else → undefined (surfaced as an unknown event).
 *
 * @example
 * ```ts
 * import { classifyWebhook } from './webhook.js'
 * classifyWebhook('invoice.payment_initiated', 'PAID') // 'payment.paid'
 * ```
 */
export function classifyWebhook(type: string, status: string): PaymentEventType | undefined {
  const s = status.toUpperCase();
  if (s === 'PAID') return 'payment.paid';
  if (type === 'invoice.payment_error' || type === 'invoice.payment_rejected') return 'payment.failed';
  if (type === 'invoice.paid') return 'payment.paid';
  if (type === 'invoice.payment_initiated' && s === 'UNPAID') return 'payment.pending';
  return undefined;
}

function dateOf(text: string | null | undefined): Date | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * Maps a parsed webhook to a normalized event (undefined when {@link classifyWebhook} has no mapping).
 * Dedup id `paylican:<webhook id>`; amount in the major unit, currency unknown.
 *
 * @example
 * ```ts
 * import { toPaymentEvent, parseWebhook } from '@paywire/core/paylican'
 * const event = toPaymentEvent(parseWebhook(rawBody.toString('utf8')), new Date())
 * ```
 */
export function toPaymentEvent(parsed: ParsedPaylicanWebhook, receivedAt: Date): PaymentEvent<'paylican'> | undefined {
  const { webhook } = parsed;
  const type = classifyWebhook(webhook.type, webhook.data.status);
  if (!type) return undefined;
  const occurredAt = dateOf(webhook.data.paymentDate) ?? dateOf(webhook.createdAt);
  return {
    id: `paylican:${parsed.idText}`,
    provider: 'paylican',
    type,
    ...(webhook.data.documentNo ? { paymentId: webhook.data.documentNo } : {}),
    providerPaymentId: webhook.data.id,
    ...(parsed.amountText !== undefined ? { amount: { value: parsed.amountText, unit: 'major' as const } } : {}),
    ...(type === 'payment.failed'
      ? {
          failure: {
            code: webhook.type.replace(/^invoice\./, ''),
            message: `Paylican ${webhook.type} (invoice status ${webhook.data.status})`,
            verified: true,
          },
        }
      : {}),
    ...(occurredAt ? { occurredAt } : {}),
    receivedAt,
    source: 'webhook',
    raw: webhook,
  };
}

/** The acknowledgement Paylican stores with a successful invocation. */
export const PAYLICAN_ACK = {
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: '{"received":true}',
} as const;

/** The Paylican side of the webhook pipeline: guard, parse, map. Internal. */
export function createPaylicanWebhook(
  config: PaylicanConfig,
  now: () => number,
  logger: PaywireLogger,
): ProviderWebhook {
  const guard = createWebhookGuard(config.webhookAuth);
  if (config.webhookAuth.insecureNoAuth) {
    logger.warn(
      'paylican webhooks accept unauthenticated deliveries (webhookAuth.insecureNoAuth): anyone who learns the URL can forge payments; configure a token, basic credentials or allowIps',
    );
  }
  return {
    async receive(input): Promise<ParsedDelivery> {
      guard(input);
      const parsed = parseWebhook(input.text, input.json);
      const event = toPaymentEvent(parsed, new Date(now()));
      if (event) return { events: [event] };
      return { events: [], unknown: [{ provider: 'paylican', type: parsed.webhook.type, raw: parsed.webhook }] };
    },
    acknowledge: () => ({ ...PAYLICAN_ACK, headers: { ...PAYLICAN_ACK.headers } }),
  };
}
