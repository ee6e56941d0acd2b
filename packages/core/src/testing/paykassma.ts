import { phpJsonEncodeValue } from '../providers/paykassma/php-json.js';
import { signPostback, type PaykassmaPostbackKeys } from '../providers/paykassma/signature.js';

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
 * const { body } = testing.paykassma.postback({ transactions: [{ amount: 500, custom_id: 'dep-1' }] }, { accessKey, privateKey })
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
  const encoded = new Map<string, string>();
  for (const [k, v] of Object.entries(members)) {
    const text = phpJsonEncodeValue(v);
    if (text === undefined) throw new TypeError(`paykassma test postback: ${k} has no PHP JSON encoding`);
    encoded.set(k, text);
  }
  const hashed = encoded.get(hashedMember);
  if (hashed === undefined) throw new TypeError(`paykassma test postback: the hashed member "${hashedMember}" is missing`);
  const signature = signPostback(hashed, keys);
  const head = `{"access_key":${JSON.stringify(keys.accessKey)},"signature":${JSON.stringify(signature)}`;
  const body = `${head}${[...encoded].map(([k, text]) => `,${JSON.stringify(k)}:${text}`).join('')}}`;
  return { body, headers: { 'content-type': 'application/json' }, json: JSON.parse(body) as Record<string, unknown> };
}
