import type { PaylicanWebhookAuthOptions } from './config.js';
import type { TestDelivery } from '../../testing/delivery.js';

/** Fields of a Paylican test webhook; anything omitted gets a plausible value. */
export interface PaylicanTestWebhookInput {
  /** Webhook id (dedup key). @default a random id */
  id?: number | string;
  /** @default 'invoice.payment_initiated' */
  type?:
    'invoice.payment_initiated' | 'invoice.payment_error' | 'invoice.payment_rejected' | 'invoice.paid' | (string & {});
  /** Invoice status (decides the event type). @default 'PAID' */
  status?: 'PAID' | 'UNPAID' | (string & {});
  /** `data.id`. @default a random invoice id */
  invoiceId?: string;
  /** `data.documentNo` (your merchant reference). @default a random reference */
  merchantReference?: string;
  /** `data.totalAmount`, written as this exact number token (`'5100.00'` stays `5100.00`). @default 100 */
  amount?: number | string;
  /** `data.paymentDate`. @default now */
  paymentDate?: string;
  /** @default now */
  createdAt?: string;
  additionalFields?: { code: string; value: string }[];
  /** `data.paymentNo` (the transaction reference). @default a random reference */
  paymentNo?: string;
  /** Invocations Paylican may still make after this one. @default 2 */
  pendingWebhooks?: number;
}

/**
 * What makes a delivery pass the guard: the same shape as the provider's `webhookAuth` option (pass it as is),
 * plus the peer address to use.
 */
export interface PaylicanTestAuth extends Partial<Omit<PaylicanWebhookAuthOptions, 'basic'>> {
  basic?: { username: string; password: string };
  /** Peer address to report. @default the first address of `allowIps`, when set */
  remoteAddress?: string;
}

/** A Paylican test delivery: the body plus whatever the guard checks. */
export interface PaylicanTestDelivery extends TestDelivery {
  /** Query parameters to send (the token, for `tokenIn: 'query'`). */
  query?: Record<string, string>;
  /** Path after the provider segment (`/<token>`, for `tokenIn: 'path'`). */
  path?: string;
  /** Peer address that passes `allowIps`. */
  remoteAddress?: string;
}

const random = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 10).toUpperCase()}`;

function bodyText(input: PaylicanTestWebhookInput): string {
  const amount = String(input.amount ?? 100);
  if (!/^-?\d+(\.\d+)?$/.test(amount))
    throw new TypeError(`testing.paylican.webhook: amount must be a decimal number, got ${amount}`);
  const now = new Date().toISOString();
  const id = input.id ?? Math.floor(Math.random() * 1e9);
  const data = {
    additionalFields: input.additionalFields ?? [],
    documentNo: input.merchantReference ?? random('REF-'),
    id: input.invoiceId ?? random('INV2024-'),
    paymentDate: input.paymentDate ?? now,
    paymentMode: 'BANK_TRANSFER',
    paymentNo: input.paymentNo ?? random('pn'),
    status: input.status ?? 'PAID',
    totalAmount: '\u0000amount\u0000',
  };
  const body = {
    createdAt: input.createdAt ?? now,
    data,
    id,
    pendingWebhooks: input.pendingWebhooks ?? 2,
    type: input.type ?? 'invoice.payment_initiated',
  };
  return JSON.stringify(body).replace('"\\u0000amount\\u0000"', amount);
}

/**
 * Builds a Paylican webhook delivery that passes the configured guard (token in the query or path, Basic
 * credentials, an allowed peer address).
 *
 * @example
 * ```ts
 * import { testing } from '@paywire/core/testing'
 * const token = process.env.PAYLICAN_WEBHOOK_TOKEN!
 * const d = testing.paylican.webhook({ status: 'PAID', merchantReference: 'REF-1234', amount: '5100.00' }, { token })
 * await paywire.webhooks.handle({
 *   provider: 'paylican',
 *   rawBody: d.body,
 *   headers: d.headers,
 *   query: d.query,
 *   path: d.path,
 *   remoteAddress: d.remoteAddress,
 * })
 * ```
 * @throws TypeError when `amount` is not a decimal number.
 */
export function paylicanWebhook(
  input: PaylicanTestWebhookInput = {},
  auth: PaylicanTestAuth = {},
): PaylicanTestDelivery {
  const body = bodyText(input);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const delivery: PaylicanTestDelivery = { body, headers, json: JSON.parse(body) as Record<string, unknown> };
  if (auth.token !== undefined) {
    if (auth.tokenIn === 'path') delivery.path = `/${encodeURIComponent(auth.token)}`;
    else delivery.query = { [auth.queryParam ?? 'token']: auth.token };
  }
  if (auth.basic)
    headers.authorization = `Basic ${Buffer.from(`${auth.basic.username}:${auth.basic.password}`).toString('base64')}`;
  const remoteAddress = auth.remoteAddress ?? auth.allowIps?.[0]?.split('/')[0];
  if (remoteAddress !== undefined) delivery.remoteAddress = remoteAddress;
  return delivery;
}

/** Paylican's part of the testing kit: `testing.paylican` of `@paywire/core/testing`. */
export interface PaylicanTesting {
  /** A Paylican webhook with its guard (token, Basic or source address): {@link paylicanWebhook}. */
  readonly delivery: typeof paylicanWebhook;
  /** @deprecated use `testing.paylican.delivery` */
  readonly webhook: typeof paylicanWebhook;
}

/** {@inheritDoc PaylicanTesting} */
export const paylicanTesting: PaylicanTesting = {
  delivery: paylicanWebhook,
  webhook: paylicanWebhook,
};
