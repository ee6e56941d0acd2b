import { postbackRefusal } from './refusal.js';
import type { PaymentEvent } from '../../events.js';
import type { UnknownProviderEvent } from '../types.js';
import { canonicalId, codeValue, exactAmount } from './canonical.js';
import { flatEvents } from './flat-events.js';
import { objectMember } from '../../lib/json/index.js';
import type { PaykassmaActivationRequest } from './schemas.js';
import type { VerifiedLegacyPostback, VerifiedPostback } from './signature.js';

/**
 * The deduplication id of a Paykassma deposit, the same whichever way its confirmation arrives:
 * `paykassma:custom:<custom id>` when the merchant's custom transaction id is known (an activation answer
 * carries no Paykassma transaction id, so only this id lets the later postback collide with it), else
 * `paykassma:tx:<transaction_id>`.
 *
 * @example
 * ```ts
 * import { paykassmaEventId } from './events.js'
 * paykassmaEventId({ customId: 'dep-1', transactionId: '88' }) // 'paykassma:custom:dep-1'
 * ```
 */
export function paykassmaEventId(ids: {
  customId?: string | number | null;
  transactionId?: string | number | null;
}): string {
  if (ids.customId !== undefined && ids.customId !== null && String(ids.customId) !== '')
    return `paykassma:custom:${ids.customId}`;
  if (ids.transactionId === undefined || ids.transactionId === null || String(ids.transactionId) === '') {
    throw new TypeError('paykassmaEventId: needs a customId or a transactionId');
  }
  return `paykassma:tx:${ids.transactionId}`;
}

/**
 * Reads a Paykassma timestamp (`2024-05-01 13:45:10`, optionally with `T`, fractions or an offset; or Unix
 * seconds). Without an offset, `defaultOffset` applies. Returns undefined for anything unreadable.
 */
export function parsePaykassmaDatetime(
  value: string | number | null | undefined,
  defaultOffset = '+08:00',
): Date | undefined {
  if (typeof value === 'string' && /^\d{9,11}$/.test(value)) value = Number(value);
  if (typeof value === 'number')
    return Number.isFinite(value) && value > 0 && value < 1e11 ? new Date(value * 1000) : undefined;
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
  /** Lower-case values. @default { deposit: ['deposit'], withdrawal: ['withdrawal'] } */
  transactionTypes?: { deposit: readonly string[]; withdrawal: readonly string[] };
  /** Lower-case values (flat postbacks). @default { paid: ['success'], failed: ['failed', 'rejected'] } */
  statuses?: { paid: readonly string[]; failed: readonly string[] };
  /** @default 'refuse' */
  flatWithoutType?: 'refuse' | 'deposit' | 'withdrawal';
}

/** Resolved {@link PostbackEventOptions}. Internal. */
export type ResolvedEventOptions = Required<PostbackEventOptions>;

/**
 * Maps a verified postback to events. Legacy: one `payment.paid` per deposit transaction. Flat: the deposit's
 * `payment.paid` or `payment.failed`. Withdrawals become unknown events (acknowledged, never a payment).
 * Every signed transaction yields an event or the whole postback is refused: two transactions with one
 * event id are refused, never one silently dropped.
 *
 * @example
 * ```ts
 * import { postbackEvents, verifyPostback } from '@paywire/core/paykassma'
 * const { events, unknown } = postbackEvents(verifyPostback(rawBody, { accessKey, privateKey }), new Date())
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID`: 422 for a type or status no option maps, or two transactions
 *   sharing an event id; 400 for an id or amount that is not written canonically.
 */
export function postbackEvents(
  verified: VerifiedPostback,
  receivedAt: Date,
  options: PostbackEventOptions = {},
): PostbackMapping {
  const resolved: ResolvedEventOptions = {
    timezoneOffset: options.timezoneOffset ?? '+08:00',
    transactionTypes: options.transactionTypes ?? { deposit: ['deposit'], withdrawal: ['withdrawal'] },
    statuses: options.statuses ?? { paid: ['success'], failed: ['failed', 'rejected'] },
    flatWithoutType: options.flatWithoutType ?? 'refuse',
  };
  const mapping =
    verified.format === 'flat'
      ? flatEvents(verified, receivedAt, resolved)
      : legacyEvents(verified, receivedAt, resolved);
  const seen = new Set<string>();
  for (const e of mapping.events) {
    if (seen.has(e.id)) {
      throw postbackRefusal(
        'ERR_PAYLOAD_INVALID',
        `two transactions map to the event id ${JSON.stringify(e.id.slice(0, 80))} (a shared custom_id or transaction_id); refusing the postback rather than dropping one`,
        { httpStatus: 422 },
      );
    }
    seen.add(e.id);
  }
  return mapping;
}

/**
 * `deposit` or `withdrawal` for a type value (lower-case text). Internal.
 *
 * @example
 * ```ts
 * import { classifyType } from './events.js'
 * classifyType('1', { deposit: ['1'], withdrawal: ['2'] }, 'transaction 88') // 'deposit'
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID` (422) naming `transactionTypes` for a value in neither list.
 */
export function classifyType(
  value: string,
  types: ResolvedEventOptions['transactionTypes'],
  what: string,
): 'deposit' | 'withdrawal' {
  if (types.deposit.includes(value)) return 'deposit';
  if (types.withdrawal.includes(value)) return 'withdrawal';
  const shown = JSON.stringify(value.slice(0, 40));
  throw postbackRefusal(
    'ERR_PAYLOAD_INVALID',
    `${what} has type ${shown}, which is neither a deposit nor a withdrawal type; add it to providers.paykassma.transactionTypes, e.g. transactionTypes: { deposit: [${shown}] } (Paykassma resends the postback until it is accepted)`,
    { httpStatus: 422, field: 'transactionTypes', details: { transactionType: value.slice(0, 40) } },
  );
}

function legacyEvents(
  verified: VerifiedLegacyPostback,
  receivedAt: Date,
  options: ResolvedEventOptions,
): PostbackMapping {
  const { postback, tree, labelSigned, matchedBy } = verified;
  const verification = { scheme: verified.scheme, keyIndex: verified.keyIndex };
  const txNodes = objectMember(tree, 'transactions');
  const label = postback.label === undefined || postback.label === null ? undefined : String(postback.label);
  const out: PostbackMapping = { events: [], unknown: [] };
  postback.transactions.forEach((transaction, i) => {
    const txNode = txNodes?.kind === 'array' ? txNodes.items[i] : undefined;
    const transactionId = canonicalId(objectMember(txNode, 'transaction_id'), 'transaction_id');
    // An unsigned label is kept apart: whoever sends the postback can write any label there.
    const raw = {
      kind: 'postback' as const,
      transaction,
      ...(labelSigned ? { label } : { label: undefined, unverifiedLabel: label }),
      verification,
    };
    const type = codeValue(objectMember(txNode, 'transaction_type'), 'transaction_type');
    if (
      type !== undefined &&
      classifyType(type, options.transactionTypes, `transaction ${transactionId?.slice(0, 40)}`) === 'withdrawal'
    ) {
      out.unknown.push({ provider: 'paykassma', type: 'withdrawal', raw });
      return;
    }
    if (transactionId === undefined)
      throw postbackRefusal('ERR_PAYLOAD_INVALID', 'a transaction has no transaction_id');
    const occurredAt = parsePaykassmaDatetime(
      transaction.activated_datetime ?? transaction.created_datetime,
      options.timezoneOffset,
    );
    const customId = canonicalId(objectMember(txNode, 'custom_id'), 'custom_id');
    // A transaction may carry the label inside the signed array (payment-window deposits have no custom id).
    const paymentId = customId ?? canonicalId(objectMember(txNode, 'label'), 'label');
    out.events.push({
      id: paykassmaEventId({ customId, transactionId }),
      provider: 'paykassma',
      type: 'payment.paid',
      ...(paymentId !== undefined ? { paymentId } : {}),
      providerPaymentId: transactionId,
      amount: {
        value: exactAmount(objectMember(txNode, 'amount'), matchedBy),
        ...(transaction.currency_code ? { currency: transaction.currency_code } : {}),
        unit: 'major',
      },
      ...(occurredAt ? { occurredAt } : {}),
      receivedAt,
      source: 'webhook',
      raw,
    });
  });
  return out;
}

/** The `payment.paid` event an activation `ok` answer proves (`source: 'api'`). */
export function activationEvent(
  request: PaykassmaActivationRequest,
  response: Record<string, unknown>,
  depositAmount: string,
  currency: string,
  receivedAt: Date,
): PaymentEvent<'paykassma'> {
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
