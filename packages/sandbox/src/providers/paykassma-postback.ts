import { randomInt } from 'node:crypto';
import { testing } from '@paywire/core/testing';
import type { TriggerBuilder } from '../triggers.js';

/**
 * Paykassma postbacks as the sandbox sends them (flat by default, legacy on request), and
 * `paywire trigger paykassma`.
 * @module
 */

/** The sandbox's public Paykassma test credentials. */
export const paykassmaCredentials = {
  apiSecret: 'sandbox-paykassma-api-secret',
  postbackAccessKey: 'sandbox-paykassma-access-key',
  postbackPrivateKey: 'sandbox-paykassma-private-key',
} as const;
const creds = paykassmaCredentials;
const isDecimal = (v: string) => /^\d+(\.\d+)?$/.test(v) && /[1-9]/.test(v);
/** `YYYY-MM-DD HH:mm:ss` in +08:00 (Asia/Manila), as Paykassma writes its times. */
const manila = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

/** Paykassma's acknowledgement: exactly HTTP 200 with the JSON object `{"status":"ok"}` (whitespace aside). */
export function acknowledged(status: number, body: string): boolean {
  if (status !== 200) return false;
  try {
    const value: unknown = JSON.parse(body);
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.keys(value).length === 1 &&
      (value as Record<string, unknown>).status === 'ok'
    );
  } catch {
    return false;
  }
}

/** Unix seconds. */
const unix = (at: Date) => Math.floor(at.getTime() / 1000);

/** What a postback reports: a credited deposit, or (flat format only) a failed one. */
export interface PostbackFacts {
  transactionId: string;
  amount: string;
  currency: string;
  walletType: string;
  label: string;
  customId: string | undefined;
  createdAt: Date;
  activatedAt: Date;
  /** Flat `status`. @default 'Success' */
  status?: string;
}

/**
 * A signed postback in the merchant's format. Flat (Paykassma's current format, the default): one operation,
 * every member signed, the label (the merchant's id for window deposits) included. Legacy: `{ access_key,
 * signature, label, transactions }` signed over `transactions`; the label is also put inside the transaction so
 * that it is signed there too.
 *
 * @example
 * ```ts
 * import { postbackDelivery } from './paykassma-postback.js'
 * const now = new Date()
 * const { body } = postbackDelivery(
 *   {
 *     transactionId: '880000001',
 *     amount: '500',
 *     currency: 'MMK',
 *     walletType: 'wavepay',
 *     label: 'ORD-1',
 *     customId: undefined,
 *     createdAt: now,
 *     activatedAt: now,
 *   },
 *   'flat',
 * )
 * ```
 * @throws TypeError when a value has no PHP JSON encoding.
 */
export function postbackDelivery(
  facts: PostbackFacts,
  format: 'flat' | 'legacy',
  keys: { accessKey: string; privateKey: string } = {
    accessKey: creds.postbackAccessKey,
    privateKey: creds.postbackPrivateKey,
  },
) {
  if (format === 'legacy') {
    const transaction = {
      transaction_id: Number(facts.transactionId),
      amount: Number(facts.amount),
      currency_code: facts.currency,
      wallet_type: facts.walletType,
      created_datetime: manila(facts.createdAt),
      activated_datetime: manila(facts.activatedAt),
      custom_id: facts.customId ?? null,
      ...(facts.customId === undefined ? { label: facts.label } : {}),
    };
    return testing.paykassma.postback({ label: facts.label, transactions: [transaction] }, keys);
  }
  return testing.paykassma.delivery(
    {
      wallet_type: facts.walletType,
      amount: Number(facts.amount),
      currency_code: facts.currency,
      label: facts.label,
      status: facts.status ?? 'Success',
      type: 'deposit',
      transaction_id: Number(facts.transactionId),
      ...(facts.customId !== undefined ? { custom_transaction_id: facts.customId } : {}),
      created_at: unix(facts.createdAt),
      activated_at: unix(facts.activatedAt),
    },
    keys,
  );
}

/**
 * `paywire trigger paykassma paid|failed`: one signed postback, in the current flat format unless `--format legacy`
 * (or a `legacy` flag) asks for the legacy `transactions` body. `failed` (flat only) reports a deposit with status
 * `--status` (default `Rejected`); Paykassma has no canceled postback.
 *
 * @example
 * ```ts
 * import { paykassmaTrigger } from './paykassma-postback.js'
 * const { body, headers } = await paykassmaTrigger('paid', { paymentId: 'dep-1', amount: '500' })
 * ```
 * @throws Error for `canceled`, `failed` in the legacy format, or an amount that is not a decimal.
 */
export const paykassmaTrigger: TriggerBuilder = (outcome, flags) => {
  const format =
    flags.format === 'legacy' || (flags.legacy !== undefined && flags.legacy !== 'false') ? 'legacy' : 'flat';
  if (outcome === 'canceled' || (outcome === 'failed' && format === 'legacy')) {
    throw new Error(
      `paykassma: there is no "${outcome}" postback${format === 'legacy' ? ' in the legacy format (it reports credited deposits only)' : ''}. A refused activation is an activateTransaction answer (status "fail"): in the sandbox, activate with a transaction number starting with 4.`,
    );
  }
  const amount = flags.amount ?? '500';
  if (!isDecimal(amount)) throw new Error('paykassma: --amount must be a decimal number such as 500 or 500.50');
  const now = new Date();
  const facts: PostbackFacts = {
    transactionId: flags.transactionId ?? String(randomInt(1, 2 ** 47)),
    amount,
    currency: flags.currency ?? 'MMK',
    walletType: flags.walletType ?? 'wavepay',
    label: flags.label ?? 'user-1',
    customId: flags.paymentId,
    createdAt: now,
    activatedAt: now,
    status: outcome === 'failed' ? (flags.status ?? 'Rejected') : 'Success',
  };
  if (!/^\d{1,15}$/.test(facts.transactionId)) throw new Error('paykassma: --transaction-id must be at most 15 digits');
  const { body, headers } = postbackDelivery(facts, format, {
    accessKey: flags.accessKey ?? creds.postbackAccessKey,
    privateKey: flags.privateKey ?? flags.secret ?? creds.postbackPrivateKey,
  });
  return { body, headers, accepted: acknowledged };
};
