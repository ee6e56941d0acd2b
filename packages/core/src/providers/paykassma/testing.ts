import { phpJsonEncodeValue } from '../../lib/json/index.js';
import { signPostback, type PaykassmaPostbackKeys } from './signature.js';

/** One transaction of a test postback; anything omitted gets a plausible value. */
export interface PaykassmaTestTransaction {
  /** @default random digits */
  transaction_id?: string | number;
  /** A number (a PHP float or integer) or a decimal string. @default 500 */
  amount?: number | string;
  /** @default 'MMK' */
  currency_code?: string;
  /** @default 'wavepay' */
  wallet_type?: string;
  /** Omitted by default (a deposit). */
  transaction_type?: string | number;
  /** Your custom transaction id; `null` for none. @default random `dep-…` */
  custom_id?: string | number | null;
  /** @default now, as `YYYY-MM-DD HH:mm:ss` in +08:00 */
  created_datetime?: string;
  /** @default same as created_datetime */
  activated_datetime?: string;
  /** Any other member, sent (and signed) as given. */
  [member: string]: unknown;
}

/** Input of {@link paykassmaPostback}. */
export interface PaykassmaTestPostbackInput {
  transactions: PaykassmaTestTransaction[];
  /** The postback's label (the paying user's id). @default 'user-1' */
  label?: string;
  /** Other top-level members. */
  extra?: Record<string, unknown>;
}

/** Keys of {@link paykassmaPostback}. */
export interface PaykassmaTestKeys extends PaykassmaPostbackKeys {
  /** @default 'transactions' */
  hashedMember?: string;
  /**
   * `transactions-escaped` signs the flag-less `json_encode` (`\/`, `\uXXXX`) of the hashed member, as
   * Paykassma's oldest postbacks did; the body is written the same way.
   * @default 'transactions'
   */
  scheme?: 'transactions' | 'transactions-escaped';
}

/** A signed postback ready to POST. */
export interface PaykassmaTestDelivery {
  /** The exact JSON text to send (the hashed member written as PHP's `json_encode` writes it). */
  body: string;
  headers: Record<string, string>;
  /** The parsed body, for assertions. */
  json: Record<string, unknown>;
}

const manila = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

/**
 * Builds a correctly signed Paykassma postback with the verifier's own code.
 *
 * @example
 * ```ts
 * import { testing } from '@paywire/core/testing'
 * const { body } = testing.paykassma.postback(
 *   { transactions: [{ amount: 500, custom_id: 'dep-1' }] },
 *   { accessKey, privateKey },
 * )
 * await paywire.webhooks.handle({ provider: 'paykassma', rawBody: body })
 * ```
 * @throws TypeError when a key is missing or a value has no JSON encoding.
 */
export function paykassmaPostback(input: PaykassmaTestPostbackInput, keys: PaykassmaTestKeys): PaykassmaTestDelivery {
  const now = manila(Date.now());
  const transactions = input.transactions.map((t) => {
    const created = t.created_datetime ?? now;
    const tx: Record<string, unknown> = {
      transaction_id: t.transaction_id ?? String(Math.floor(Math.random() * 1e9)),
      amount: t.amount ?? 500,
      currency_code: t.currency_code ?? 'MMK',
      wallet_type: t.wallet_type ?? 'wavepay',
      ...(t.transaction_type !== undefined ? { transaction_type: t.transaction_type } : {}),
      created_datetime: created,
      activated_datetime: t.activated_datetime ?? created,
      custom_id: t.custom_id === undefined ? `dep-${Math.random().toString(36).slice(2, 10)}` : t.custom_id,
    };
    for (const [k, v] of Object.entries(t)) if (!(k in tx) && v !== undefined) tx[k] = v;
    return tx;
  });
  const members: Record<string, unknown> = { label: input.label ?? 'user-1', ...input.extra, transactions };
  const hashedMember = keys.hashedMember ?? 'transactions';
  const escaped = keys.scheme === 'transactions-escaped';
  const encoded = new Map<string, string>();
  for (const [k, v] of Object.entries(members)) {
    const text = phpJsonEncodeValue(v, { escaped });
    if (text === undefined) throw new TypeError(`paykassma test postback: ${k} has no PHP JSON encoding`);
    encoded.set(k, text);
  }
  const hashed = encoded.get(hashedMember);
  if (hashed === undefined)
    throw new TypeError(`paykassma test postback: the hashed member "${hashedMember}" is missing`);
  const signature = signPostback(hashed, { accessKey: keys.accessKey, privateKey: keys.privateKey });
  const head = `{"access_key":${JSON.stringify(keys.accessKey)},"signature":${JSON.stringify(signature)}`;
  const body = `${head}${[...encoded].map(([k, text]) => `,${JSON.stringify(k)}:${text}`).join('')}}`;
  return { body, headers: { 'content-type': 'application/json' }, json: JSON.parse(body) as Record<string, unknown> };
}

/** Members of a flat test postback; anything omitted gets a plausible value, `undefined` leaves a member out. */
export interface PaykassmaTestFlatPostback {
  /** @default 500 */
  amount?: number | string;
  /** @default 'MMK' */
  currency_code?: string;
  /** @default 'wavepay' */
  wallet_type?: string;
  /** The paying user's id (or, for payment-window deposits, your order id). @default 'user-1' */
  label?: string;
  /** @default 'Success' */
  status?: string | number;
  /** @default 'deposit' */
  type?: string | number;
  /** @default random digits */
  transaction_id?: string | number;
  /** Your custom transaction id; omitted by default (a payment-window deposit). */
  custom_transaction_id?: string | number;
  /** Unix seconds. @default now */
  created_at?: number | string;
  /** Unix seconds. @default created_at */
  activated_at?: number | string;
  /** Any other member, sent (and signed) as given, e.g. `converted_amount: { USD: 9.19 }`. */
  [member: string]: unknown;
}

/**
 * Builds a correctly signed **flat** Paykassma postback (the current format): the members written as PHP's
 * `json_encode` with `JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE` writes them, signed over that text, then
 * sent as `{"signature":"…",<the same members>}`. No `access_key` is sent.
 *
 * @example
 * ```ts
 * import { testing } from '@paywire/core/testing'
 * const { body } = testing.paykassma.delivery(
 *   { amount: 500, custom_transaction_id: 'dep-1' },
 *   { accessKey, privateKey },
 * )
 * await paywire.webhooks.handle({ provider: 'paykassma', rawBody: body })
 * ```
 * @throws TypeError when a key is missing or a value has no JSON encoding.
 */
export function paykassmaFlatPostback(
  fields: PaykassmaTestFlatPostback,
  keys: PaykassmaPostbackKeys,
): PaykassmaTestDelivery {
  const created = fields.created_at ?? Math.floor(Date.now() / 1000);
  const defaults: Record<string, unknown> = {
    wallet_type: 'wavepay',
    amount: 500,
    currency_code: 'MMK',
    label: 'user-1',
    status: 'Success',
    type: 'deposit',
    transaction_id: Math.floor(Math.random() * 1e9),
    created_at: created,
    activated_at: created,
  };
  const members: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined && k in fields) delete members[k];
    else members[k] = v;
  }
  const hashed = phpJsonEncodeValue(members);
  if (hashed === undefined || !hashed.startsWith('{'))
    throw new TypeError('paykassma test postback: the members have no PHP JSON object encoding');
  const signature = signPostback(hashed, keys);
  const body = `{"signature":${JSON.stringify(signature)}${hashed === '{}' ? '}' : `,${hashed.slice(1)}`}`;
  return { body, headers: { 'content-type': 'application/json' }, json: JSON.parse(body) as Record<string, unknown> };
}

/** Paykassma's part of the testing kit: `testing.paykassma` of `@paywire/core/testing`. */
export interface PaykassmaTesting {
  /** A postback in the current, flat format (the whole body signed). */
  readonly delivery: typeof paykassmaFlatPostback;
  /** A postback in the legacy format (`{ access_key, signature, label, transactions: […] }`). */
  readonly legacyDelivery: typeof paykassmaPostback;
  /** @deprecated use `testing.paykassma.legacyDelivery` */
  readonly postback: typeof paykassmaPostback;
}

/** {@inheritDoc PaykassmaTesting} */
export const paykassmaTesting: PaykassmaTesting = {
  delivery: paykassmaFlatPostback,
  legacyDelivery: paykassmaPostback,
  postback: paykassmaPostback,
};
