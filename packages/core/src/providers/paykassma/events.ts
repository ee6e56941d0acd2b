import { PaywireError, paywireError } from '../../errors.js';
import type { PaymentEvent } from '../../events.js';
import type { UnknownProviderEvent } from '../types.js';
import { decimalFromToken } from './decimal.js';
import { memberOf, type JsonNode } from './json-tree.js';
import type { PaykassmaActivationRequest, PaykassmaPostbackTransaction } from './schemas.js';
import type { VerifiedPostback } from './signature.js';

/**
 * The deduplication id of a Paykassma deposit, the same whichever way its confirmation arrives:
 * `paykassma:custom:<custom id>` when the merchant's custom transaction id is known (an activation answer
 * carries no Paykassma transaction id, so only this id lets the later postback collide with it), else
 * `paykassma:tx:<transaction_id>`.
 *
 * @example
 * ```ts
 * paykassmaEventId({ customId: 'dep-1', transactionId: '88' }) // 'paykassma:custom:dep-1'
 * ```
 */
export function paykassmaEventId(ids: { customId?: string | number | null; transactionId?: string | number | null }): string {
  if (ids.customId !== undefined && ids.customId !== null && String(ids.customId) !== '') return `paykassma:custom:${ids.customId}`;
  if (ids.transactionId === undefined || ids.transactionId === null || String(ids.transactionId) === '') {
    throw new TypeError('paykassmaEventId: needs a customId or a transactionId');
  }
  return `paykassma:tx:${ids.transactionId}`;
}

/**
 * Reads a Paykassma timestamp (`2024-05-01 13:45:10`, optionally with `T`, fractions or an offset; or Unix
 * seconds). Without an offset, `defaultOffset` applies. Returns undefined for anything unreadable.
 */
export function parsePaykassmaDatetime(value: string | number | null | undefined, defaultOffset = '+08:00'): Date | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value * 1000) : undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(value ?? '');
  if (!m) return undefined;
  const offset = (m[3] ?? defaultOffset).replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(`${m[1]}T${m[2]}${offset}`);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** What a postback's transactions map to. */
export interface PostbackMapping {
  events: PaymentEvent<'paykassma'>[];
  unknown: UnknownProviderEvent[];
}

/** Options of {@link postbackEvents}. */
export interface PostbackEventOptions {
  /** @default '+08:00' */
  timezoneOffset?: string;
  /** @default { deposit: ['deposit'], withdrawal: ['withdrawal'] } */
  transactionTypes?: { deposit: readonly string[]; withdrawal: readonly string[] };
}

/**
 * Maps a verified postback to one `payment.paid` event per deposit; withdrawals become unknown events
 * (acknowledged, never a payment).
 *
 * @throws PaywireError `ERR_PAYLOAD_INVALID` (422) for a `transaction_type` that is neither a configured
 *   deposit nor withdrawal value, or an amount that is not a decimal.
 */
export function postbackEvents({ postback, tree, labelSigned }: VerifiedPostback, receivedAt: Date, options: PostbackEventOptions = {}): PostbackMapping {
  const types = options.transactionTypes ?? { deposit: ['deposit'], withdrawal: ['withdrawal'] };
  const txNodes = memberOf(tree, 'transactions');
  const label = postback.label === undefined || postback.label === null ? undefined : String(postback.label);
  const out: PostbackMapping = { events: [], unknown: [] };
  postback.transactions.forEach((transaction, i) => {
    // An unsigned label is kept apart: whoever sends the postback can write any label there.
    const raw = { kind: 'postback' as const, transaction, ...(labelSigned ? { label } : { label: undefined, unverifiedLabel: label }) };
    const kind = classify(transaction, types);
    if (kind === 'withdrawal') {
      out.unknown.push({ provider: 'paykassma', type: 'withdrawal', raw });
      return;
    }
    const txNode = txNodes?.kind === 'array' ? txNodes.items[i] : undefined;
    const occurredAt = parsePaykassmaDatetime(transaction.activated_datetime ?? transaction.created_datetime, options.timezoneOffset);
    const customId = idText(memberOf(txNode, 'custom_id'), transaction.custom_id);
    const transactionId = idText(memberOf(txNode, 'transaction_id'), transaction.transaction_id) as string;
    out.events.push({
      id: paykassmaEventId({ customId, transactionId }),
      provider: 'paykassma',
      type: 'payment.paid',
      ...(customId !== undefined ? { paymentId: customId } : {}),
      providerPaymentId: transactionId,
      amount: { value: amountText(memberOf(txNode, 'amount'), transaction), ...(transaction.currency_code ? { currency: transaction.currency_code } : {}), unit: 'major' },
      ...(occurredAt ? { occurredAt } : {}),
      receivedAt,
      source: 'webhook',
      raw,
    });
  });
  return out;
}

function classify(tx: PaykassmaPostbackTransaction, types: NonNullable<PostbackEventOptions['transactionTypes']>): 'deposit' | 'withdrawal' {
  if (tx.transaction_type === undefined || tx.transaction_type === null) return 'deposit';
  const value = String(tx.transaction_type).toLowerCase();
  if (types.deposit.some((t) => t.toLowerCase() === value)) return 'deposit';
  if (types.withdrawal.some((t) => t.toLowerCase() === value)) return 'withdrawal';
  throw paywireError(
    'ERR_PAYLOAD_INVALID',
    `paykassma postback: transaction ${String(tx.transaction_id).slice(0, 40)} has transaction_type "${value.slice(0, 40)}", which is neither a deposit nor a withdrawal type; add it to providers.paykassma.transactionTypes (Paykassma resends the postback until it is accepted)`,
    { provider: 'paykassma', httpStatus: 422, field: 'transactionTypes', details: { transactionType: value.slice(0, 40) } },
  );
}

/**
 * An id as text: a number id keeps its exact token (ids beyond 2^53 survive); empty → undefined. A number id
 * must be a plain integer token: `88.0`, `8.8e1` and `880e-1` all sign like `88` (PHP re-encodes them alike), so
 * accepting them would let a replayed postback pass as a new transaction.
 */
function idText(node: JsonNode | undefined, parsed: string | number | null | undefined): string | undefined {
  if (node?.kind === 'number' && !/^-?\d+$/.test(node.token)) {
    throw paywireError('ERR_PAYLOAD_INVALID', `paykassma postback: an id must be an integer or a string, got the number ${node.token.slice(0, 40)}`, { provider: 'paykassma' });
  }
  const text = node?.kind === 'number' ? node.token : parsed === undefined || parsed === null ? undefined : String(parsed);
  return text === '' ? undefined : text;
}

function amountText(node: JsonNode | undefined, tx: PaykassmaPostbackTransaction): string {
  const text = node?.kind === 'number' ? decimalFromToken(node.token) : typeof tx.amount === 'string' ? tx.amount.trim() : String(tx.amount);
  if (!/^-?\d+(\.\d+)?$/.test(text)) {
    throw paywireError('ERR_PAYLOAD_INVALID', `paykassma postback: transaction ${String(tx.transaction_id).slice(0, 40)}: amount is not a decimal number`, { provider: 'paykassma' });
  }
  return text;
}

/** The `payment.paid` event an activation `ok` answer proves (`source: 'api'`). */
export function activationEvent(request: PaykassmaActivationRequest, response: Record<string, unknown>, depositAmount: string, currency: string, receivedAt: Date): PaymentEvent<'paykassma'> {
  return {
    id: paykassmaEventId({ customId: request.customTransactionId }),
    provider: 'paykassma',
    type: 'payment.paid',
    paymentId: request.customTransactionId,
    amount: { value: depositAmount, currency, unit: 'major' },
    receivedAt,
    source: 'api',
    raw: { kind: 'activation', request, response },
  };
}
