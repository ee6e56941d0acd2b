import { z } from 'zod';
import { exactJsonNumber } from './decimal.js';

/** A non-empty string of at most `max` characters (Unicode code points, as Paykassma's columns count). */
const limited = (max: number) =>
  z
    .string({ error: 'is required (a string)' })
    .min(1, 'must not be empty')
    .refine((s) => [...s].length <= max, `must be at most ${max} characters`);

const walletType = z
  .string({ error: 'is required (a string such as "wavepay")' })
  .regex(/^[A-Za-z0-9_-]{1,190}$/, 'must be 1-190 letters, digits, "_" or "-" (e.g. "wavepay")');
const currency = z
  .string({ error: 'is required (e.g. "MMK")' })
  .regex(/^[A-Z]{3}$/, 'must be 3 upper-case letters (ISO 4217), e.g. "MMK"');
const decimalAmount = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a decimal string such as "500" or "500.50"')
  .refine((s) => /[1-9]/.test(s), 'must be greater than zero')
  .refine(
    (s) => exactJsonNumber(s) !== undefined,
    'has more significant digits than a JSON number carries exactly (at most 15)',
  );
const integerAmount = z
  .number()
  .int('must be an integer; pass fractional amounts as a decimal string ("500.50")')
  .positive('must be greater than zero')
  .max(Number.MAX_SAFE_INTEGER);

/** Input of `paywire.paykassma.createTransaction`. */
export const createTransactionInputSchema = z.object({
  /** The wallet, e.g. `wavepay` (part of the URL path). */
  walletType,
  /** 3-letter currency code, e.g. `MMK`. */
  currency,
  /** Your unique id of the paying user (≤ 190 characters). */
  label: limited(190),
});

/** Input of `paywire.paykassma.activateTransaction`. */
export const activateTransactionInputSchema = z.object({
  /** The wallet, e.g. `wavepay`. */
  walletType,
  /** 3-letter currency code, e.g. `MMK`. */
  currencyCode: currency,
  /** Your unique id of the paying user (≤ 190 characters). */
  label: limited(190),
  /** The wallet's transaction number the customer typed (≤ 11 characters). */
  key1: limited(11),
  /**
   * The amount paid, as an exact decimal string (`"500.50"`) or an integer; sent as a JSON number whose
   * text is exactly that decimal.
   */
  amount: z.union([integerAmount, decimalAmount], {
    error: 'must be a positive integer or a decimal string such as "500.50"',
  }),
  /** Your unique id of this deposit (≤ 190 characters): the event's `paymentId` and deduplication key. */
  customTransactionId: limited(190),
});

const windowId = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);
const windowUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

/** Input of `paymentWindowUrl`: for each of success/fail/pending, an id issued by support or a raw URL. */
export const paymentWindowInputSchema = z
  .object({
    label: limited(190),
    walletType,
    currencyCode: currency,
    /** Window language, e.g. `en` or `my` (Burmese) for Wavepay. */
    lang: z
      .string()
      .regex(/^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$/, 'must be a language code such as "en" or "my"')
      .optional(),
    successId: windowId.optional(),
    failId: windowId.optional(),
    pendingId: windowId.optional(),
    successUrl: windowUrl.optional(),
    failUrl: windowUrl.optional(),
    pendingUrl: windowUrl.optional(),
  })
  .superRefine((v, ctx) => {
    for (const kind of ['success', 'fail', 'pending'] as const) {
      if (v[`${kind}Id`] !== undefined && v[`${kind}Url`] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [`${kind}Url`], message: `give ${kind}Id or ${kind}Url, not both` });
      }
    }
  });

const providerMessage = z
  .unknown()
  .transform((m) => (m === undefined || m === null ? '' : typeof m === 'string' ? m : JSON.stringify(m)));

/** Paykassma's answer to create. */
export const createTransactionResponseSchema = z.discriminatedUnion('status', [
  z.looseObject({
    status: z.literal('ok'),
    params: z.looseObject({ identifier: z.union([z.string().min(1), z.number()]).transform(String) }),
  }),
  z.looseObject({ status: z.literal('fail'), message: providerMessage }),
]);

/** Paykassma's four documented answers to activate. */
export const activateTransactionResponseSchema = z.discriminatedUnion('status', [
  z.looseObject({
    status: z.literal('ok'),
    deposit: z.boolean(),
    deposit_amount: z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]),
    currency: z.looseObject({ code: z.string().min(1), symbol: z.string().optional() }),
  }),
  z.looseObject({ status: z.literal('pending'), message: providerMessage }),
  z.looseObject({ status: z.literal('possible_transaction_created'), message: providerMessage }),
  z.looseObject({ status: z.literal('fail'), message: providerMessage }),
]);

const idLike = z.union([z.string(), z.number()]);
/** A time as Paykassma writes it (`2024-05-01 13:45:10` in the configured offset) or Unix seconds. */
const timestamp = z.union([z.string(), z.number()]).nullish();

/** One transaction of a postback. Unknown members are kept. */
export const paykassmaPostbackTransactionSchema = z.looseObject({
  transaction_id: z.union([z.string().min(1), z.number()]),
  amount: z.union([z.number(), z.string()]),
  currency_code: z.string().nullish(),
  wallet_type: z.string().nullish(),
  transaction_type: idLike.nullish(),
  custom_id: idLike.nullish(),
  created_datetime: timestamp,
  activated_datetime: timestamp,
});

/** A postback body. Unknown members are kept. */
export const paykassmaPostbackSchema = z.looseObject({
  access_key: z.string(),
  signature: z.string(),
  label: idLike.nullish(),
  transactions: z.array(paykassmaPostbackTransactionSchema),
});

/**
 * A flat postback (Paykassma's current format): one deposit or withdrawal, `signature` inside the body, no
 * `transactions`. Nothing public lists every member, so unknown members are kept and these are read:
 */
export const paykassmaFlatPostbackSchema = z.looseObject({
  signature: z.string(),
  /** Present in some bodies; when present it must be your access key. */
  access_key: z.string().optional(),
  amount: z.union([z.number(), z.string()]),
  currency_code: z.string().nullish(),
  wallet_type: z.string().nullish(),
  /** The paying user's id you passed (e.g. in the payment window). */
  label: idLike.nullish(),
  /** Amounts in other currencies, e.g. `{ "USD": 9.19, "INR": 762 }`: kept in `raw`, never the event's amount. */
  converted_amount: z.unknown().optional(),
  status: idLike.nullish(),
  /** Deposit or withdrawal (`type`, or `transaction_type` as in the legacy format), mapped by `transactionTypes`. */
  type: idLike.nullish(),
  transaction_type: idLike.nullish(),
  /** Paykassma's transaction id (`transaction_id`, or `id`). */
  transaction_id: idLike.nullish(),
  id: idLike.nullish(),
  /** Your custom transaction id (`custom_transaction_id`, or `custom_id`). */
  custom_transaction_id: idLike.nullish(),
  custom_id: idLike.nullish(),
  created_at: timestamp,
  activated_at: timestamp,
  created_datetime: timestamp,
  activated_datetime: timestamp,
});

/** A flat postback, as received. */
export type PaykassmaFlatPostback = z.infer<typeof paykassmaFlatPostbackSchema>;

/** How a postback was verified (also in the reply's `x-paywire-signature-scheme` / `x-paywire-key-index`). */
export interface PaykassmaVerification {
  scheme: 'flat' | 'transactions' | 'transactions-escaped';
  /** Index of the matching `postbackPrivateKey` (0 unless you configured a list). */
  keyIndex: number;
}

/** One transaction of a postback, as received. */
export type PaykassmaPostbackTransaction = z.infer<typeof paykassmaPostbackTransactionSchema>;
/** A postback body, as received. */
export type PaykassmaPostback = z.infer<typeof paykassmaPostbackSchema>;

/** The activation request as sent (what `event.raw.request` holds; the secret is never part of it). */
export interface PaykassmaActivationRequest {
  walletType: string;
  currencyCode: string;
  label: string;
  key1: string;
  /** The amount's decimal text as sent. */
  amount: string;
  customTransactionId: string;
}

/**
 * `event.raw` of a Paykassma event: a postback's transaction (with the postback's label), or the activation
 * answer that credited a deposit synchronously.
 */
export type PaykassmaRawEvent =
  | {
      kind: 'postback';
      transaction: PaykassmaPostbackTransaction;
      /** The postback's label, only when the signature covers it (a hashed member other than `transactions`). */
      label: string | undefined;
      /** The postback's label when the signature does not cover it: anyone can write it; never credit by it. */
      unverifiedLabel?: string | undefined;
      verification?: PaykassmaVerification;
    }
  | {
      /** A flat postback: every member is signed. */
      kind: 'flat';
      /** The body without `signature` (amounts as parsed; `event.amount.value` has the exact text). */
      postback: Omit<PaykassmaFlatPostback, 'signature'>;
      verification: PaykassmaVerification;
    }
  | { kind: 'activation'; request: PaykassmaActivationRequest; response: Record<string, unknown> };

declare module '../../events.js' {
  interface ProviderRawPayloads {
    paykassma: PaykassmaRawEvent;
  }
}

/** Input of `paywire.paykassma.createTransaction`. */
export type CreateTransactionInput = z.input<typeof createTransactionInputSchema>;
/** Input of `paywire.paykassma.activateTransaction`. */
export type ActivateTransactionInput = z.input<typeof activateTransactionInputSchema>;
/** Input of `paymentWindowUrl`. */
export type PaymentWindowInput = z.input<typeof paymentWindowInputSchema>;
