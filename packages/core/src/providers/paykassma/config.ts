import { z } from 'zod';
import { baseUrlString, secretString } from '../../lib/config.js';

/**
 * Hashes a raw success/fail/pending URL for the payment window. Paykassma does not publish the method: ask
 * their support for it and implement it here.
 *
 * @example
 * ```ts
 * const urlHasher: PaykassmaUrlHasher = (url, kind) => myPaykassmaHash(url)
 * ```
 */
export type PaykassmaUrlHasher = (url: string, kind: 'success' | 'fail' | 'pending') => string;

const hasher = z.custom<PaykassmaUrlHasher>((v) => typeof v === 'function', 'must be a function (url, kind) => string');
const typeList = z.array(z.string().min(1)).min(1);

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
  /** Postback private key (never sent by Paykassma). */
  postbackPrivateKey: secretString(),
  /**
   * Which top-level member of the postback body the signature hashes (older docs: `transactions`).
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
  timezoneOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/, 'must look like +08:00').default('+08:00'),
  /**
   * `transaction_type` values (compared as lower-case text) of postback transactions. A transaction without
   * `transaction_type` is a deposit. A value in neither list is refused (HTTP 422, so Paykassma resends it
   * once you have configured it) rather than guessed.
   * @default { deposit: ['deposit'], withdrawal: ['withdrawal'] }
   */
  transactionTypes: z
    .object({ deposit: typeList.default(['deposit']), withdrawal: typeList.default(['withdrawal']) })
    .prefault({}),
});

/** Paykassma options as you write them. */
export type PaykassmaOptions = z.input<typeof paykassmaConfigSchema>;
/** Paykassma options after defaults. */
export type PaykassmaConfig = z.output<typeof paykassmaConfigSchema>;
