import { z } from 'zod';
import { baseUrlString, secretString } from '../../lib/config.js';

/**
 * Hashes a raw success/fail/pending URL for the payment window. Paykassma does not publish the method: ask
 * their support for it and implement it here.
 *
 * @example
 * ```ts
 * import type { PaykassmaUrlHasher } from '@paywire/core/paykassma'
 * declare function myPaykassmaHash(url: string): string
 * const urlHasher: PaykassmaUrlHasher = (url, kind) => myPaykassmaHash(url)
 * ```
 */
export type PaykassmaUrlHasher = (url: string, kind: 'success' | 'fail' | 'pending') => string;

const hasher = z.custom<PaykassmaUrlHasher>((v) => typeof v === 'function', 'must be a function (url, kind) => string');
/** A list of values compared as lower-case text; integers are accepted (Paykassma sends some as numbers). */
const valueList = z
  .array(z.union([z.string().min(1), z.number().int()]).transform((v) => String(v).toLowerCase()))
  .min(1);

/** How a postback's signature is checked (see the README's "Signature schemes"). */
export const PAYKASSMA_SIGNATURE_SCHEMES = ['flat', 'transactions', 'transactions-escaped'] as const;
/** One signature scheme of a Paykassma postback. */
export type PaykassmaSignatureScheme = (typeof PAYKASSMA_SIGNATURE_SCHEMES)[number];

/** Options of the Paykassma provider. */
export const paykassmaConfigSchema = z.object({
  /** API base URL, e.g. `https://api.example-server.com` (calls go to `${apiUrl}/api/v1/...`). */
  apiUrl: baseUrlString(),
  /** Payment window (plugin) base URL, e.g. `https://plugin.example-server.com`. */
  pluginUrl: baseUrlString(),
  /** `PLUGINAPI_SECRET`: sent as the `secret` query parameter of every API call, redacted everywhere. */
  apiSecret: secretString(),
  /** Postback access key (public part; also sent in each postback's `access_key`). */
  postbackAccessKey: secretString(),
  /**
   * Postback private key (never sent by Paykassma). A list while rotating: each key is tried (constant time),
   * and the reply header `x-paywire-key-index` and the log name the index that matched, never the value.
   */
  postbackPrivateKey: z
    .union([secretString(), z.array(secretString()).min(1).max(8)])
    .transform((k) => (Array.isArray(k) ? k : [k])),
  /**
   * Which signature scheme to accept. `auto` tries `flat`, `transactions`, `transactions-escaped` in that order
   * and names the one that matched (reply header `x-paywire-signature-scheme`, one info log line per scheme):
   * pin it once you know it.
   * @default 'auto'
   */
  signatureScheme: z.enum(['auto', ...PAYKASSMA_SIGNATURE_SCHEMES]).default('auto'),
  /**
   * Which top-level member of a legacy postback the `transactions` schemes hash (older docs: `transactions`).
   * @default 'transactions'
   */
  hashedMember: z.string().min(1).default('transactions'),
  /**
   * Hash function for raw `successUrl`/`failUrl`/`pendingUrl` in {@link paymentWindowUrl}; without one only
   * the id form (`successId`…) works.
   */
  urlHasher: hasher.optional(),
  /**
   * Offset applied to postback timestamps that carry none (Paykassma's default time zone is Asia/Manila).
   * @default '+08:00'
   */
  timezoneOffset: z
    .string()
    .regex(/^[+-]\d{2}:\d{2}$/, 'must look like +08:00')
    .default('+08:00'),
  /**
   * `transaction_type` (legacy) or `type` (flat) values, compared as lower-case text; integers allowed
   * (`{ deposit: [1], withdrawal: [2] }`). A legacy transaction without a type is a deposit. A value in neither
   * list is refused (HTTP 422, so Paykassma resends it once you have configured it) rather than guessed.
   * @default { deposit: ['deposit'], withdrawal: ['withdrawal'] }
   */
  transactionTypes: z
    .object({ deposit: valueList.default(['deposit']), withdrawal: valueList.default(['withdrawal']) })
    .prefault({}),
  /**
   * `status` values of a flat postback, compared as lower-case text. A deposit whose status is in `paid` is
   * `payment.paid`; in `failed`, `payment.failed` (the status is the failure code). Any other status, or none,
   * is refused with HTTP 422 naming this option.
   * @default { paid: ['success'], failed: ['failed', 'rejected'] }
   */
  statuses: z
    .object({ paid: valueList.default(['success']), failed: valueList.default(['failed', 'rejected']) })
    .prefault({}),
  /**
   * What a flat postback without `type`/`transaction_type` is. The documented flat fields name none, so by
   * default such a postback is refused (422) rather than a withdrawal being credited as a deposit.
   * @default 'refuse'
   */
  flatWithoutType: z.enum(['refuse', 'deposit', 'withdrawal']).default('refuse'),
  /**
   * Largest postback accepted, in bytes (real postbacks are a few hundred bytes); larger ones get 413 before
   * any hashing. @default 65536
   */
  maxPostbackBytes: z
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(65_536),
  /** Most transactions in one legacy postback; more → 413 before any hashing. @default 100 */
  maxTransactions: z.number().int().min(1).max(100_000).default(100),
});

/** Paykassma options as you write them. */
export type PaykassmaOptions = z.input<typeof paykassmaConfigSchema>;
/** Paykassma options after defaults. */
export type PaykassmaConfig = z.output<typeof paykassmaConfigSchema>;
