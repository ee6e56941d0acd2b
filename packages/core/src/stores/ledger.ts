import { paywireError } from '../errors.js';
import { isThenable, runFlow, type Flow } from '../lib/flow.js';
import { checkedOperations, directOperations, storeCall, type LedgerOperations } from './operations.js';
import type { Money, PaymentEvent, PaymentEventType, ProviderName } from '../events.js';
import type { PaymentRecord, PaymentStatus, PaywireStore, VersionedPaymentRecord } from './types.js';

/** History entries kept per ledger record (oldest dropped first). */
export const HISTORY_LIMIT = 50;

/** Compare-and-set attempts before a write gives up with `ERR_STORE_UNAVAILABLE`. */
const CAS_ATTEMPTS = 20;

const STATUS_OF: Record<PaymentEventType, PaymentStatus> = {
  'payment.pending': 'pending',
  'payment.paid': 'paid',
  'payment.failed': 'failed',
  'payment.canceled': 'canceled',
  'payment.refunded': 'refunded',
};

const NEXT: Record<PaymentStatus, readonly PaymentStatus[]> = {
  pending: ['pending', 'paid', 'failed', 'canceled'],
  paid: ['refunded'],
  // A failed attempt leaves the payment open where the provider says so (a Paylican invoice stays payable after
  // payment_error), so `failed` is not terminal: a later attempt may still be pending, fail again, or pay.
  failed: ['pending', 'paid', 'failed', 'canceled'],
  canceled: [],
  refunded: [],
};

/**
 * True when the ledger state machine lets a payment move from `from` to `to`: `pending → paid | failed |
 * canceled`, `paid → refunded`, `pending → pending` (a progress update), and from `failed` anywhere but `refunded`
 * (a failed attempt leaves a Paylican invoice payable). Everything else (backwards from `paid`, or a terminal state
 * — `paid`, `canceled`, `refunded` — repeated) is stale.
 *
 * @example
 * ```ts
 * import { canMove } from '@paywire/core'
 * canMove('pending', 'paid') // true
 * canMove('paid', 'pending') // false
 * ```
 */
export function canMove(from: PaymentStatus, to: PaymentStatus): boolean {
  return NEXT[from].includes(to);
}

/** The ledger status an event type moves a payment to. */
export const statusOf = (type: PaymentEventType): PaymentStatus => STATUS_OF[type];

/**
 * Reads, changes and compare-and-sets one ledger record until the write wins. `change` returns the record to
 * write, or `undefined` to write nothing; it is called again with the fresh record after a conflict. A flow
 * (`lib/flow.ts`): synchronous over the memory store's operations.
 * @throws PaywireError `ERR_STORE_UNAVAILABLE` when the store fails or keeps conflicting.
 */
export function* updatePayment<R>(
  access: LedgerOperations,
  key: { provider: ProviderName; paymentId: string },
  retentionMs: number,
  change: (current: VersionedPaymentRecord | undefined) => { write?: PaymentRecord; result: R },
): Flow<R> {
  for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
    let current = access.getPayment(key.provider, key.paymentId);
    if (isThenable(current)) current = (yield current) as Awaited<typeof current>;
    const { write, result } = change(current);
    if (!write) return result;
    let written = access.putPayment(write, current?.version ?? 0, retentionMs);
    if (isThenable(written)) written = (yield written) as boolean;
    if (written) return result;
  }
  throw paywireError(
    'ERR_STORE_UNAVAILABLE',
    `the ledger record of ${key.provider} ${key.paymentId.slice(0, 64)} kept changing under ${CAS_ATTEMPTS} writes; retry later`,
    { provider: key.provider },
  );
}

/**
 * A ledger record as one object literal per shape, fields in one order, the optional ones only when known: a
 * spread is a slow path that shapes each record apart, and a field added after the literal moves to an
 * out-of-object property array (an allocation more per record kept). Internal.
 */
export function ledgerRecord(
  provider: ProviderName,
  paymentId: string,
  status: PaymentStatus,
  history: PaymentRecord['history'],
  createdAt: number,
  updatedAt: number,
  providerPaymentId: string | undefined,
  amount: Money | undefined,
): PaymentRecord {
  if (providerPaymentId !== undefined && amount !== undefined)
    return { provider, paymentId, status, history, createdAt, updatedAt, providerPaymentId, amount };
  if (providerPaymentId !== undefined)
    return { provider, paymentId, status, history, createdAt, updatedAt, providerPaymentId };
  if (amount !== undefined) return { provider, paymentId, status, history, createdAt, updatedAt, amount };
  return { provider, paymentId, status, history, createdAt, updatedAt };
}

/** What a client knows when it starts a payment. */
export interface PaymentStart {
  paymentId: string;
  providerPaymentId?: string;
  amount?: Money;
}

/**
 * Records (or completes) the ledger record of a payment a client just started: a new record is `pending`; an
 * existing one keeps its status and history and takes the ids and amount given now. A flow.
 */
export function recordStart(
  store: LedgerOperations,
  provider: ProviderName,
  start: PaymentStart,
  retentionMs: number,
  now: number,
): Flow<void> {
  return updatePayment(store, { provider, paymentId: start.paymentId }, retentionMs, (current) => {
    const base = current?.record;
    const write = ledgerRecord(
      provider,
      start.paymentId,
      base?.status ?? 'pending',
      base?.history ?? [],
      base?.createdAt ?? now,
      now,
      start.providerPaymentId ?? base?.providerPaymentId,
      start.amount ?? base?.amount,
    );
    return { write, result: undefined };
  });
}

/** Canonical text of an exact decimal (`"0300.50"` → `"300.5"`), for comparing amounts. */
export function canonicalDecimal(value: string): string {
  const match = /^(-?)0*(\d*?)(?:\.(\d*?)0*)?$/.exec(value.trim());
  if (!match) return value;
  const whole = match[2] || '0';
  const fraction = match[3] ? `.${match[3]}` : '';
  return `${whole === '0' && !fraction ? '' : match[1]}${whole}${fraction}`;
}

/** True when two amounts are the same number in the same unit (and currency, when both say). */
export function sameAmount(a: Money, b: Money): boolean {
  if (a.unit !== b.unit) return false;
  if (a.currency !== undefined && b.currency !== undefined && a.currency !== b.currency) return false;
  return a.value === b.value || canonicalDecimal(a.value) === canonicalDecimal(b.value);
}

/**
 * Refuses an event whose ids or amount disagree with what the ledger recorded for its payment (a re-split or
 * replayed callback pointed at another order).
 * @throws PaywireError `ERR_PAYMENT_MISMATCH` (401).
 */
export function assertEventMatches(
  record: PaymentRecord | undefined,
  event: Pick<PaymentEvent, 'provider' | 'providerPaymentId' | 'amount'>,
): void {
  if (!record) return;
  const wrong: string[] = [];
  if (
    record.providerPaymentId !== undefined &&
    event.providerPaymentId !== undefined &&
    record.providerPaymentId !== event.providerPaymentId
  )
    wrong.push('provider payment id');
  if (record.amount && event.amount && !sameAmount(record.amount, event.amount)) wrong.push('amount');
  if (wrong.length === 0) return;
  throw paywireError(
    'ERR_PAYMENT_MISMATCH',
    `${event.provider} callback: the ${wrong.join(' and ')} disagree with the payment ${record.paymentId.slice(0, 64)} the ledger recorded`,
    {
      provider: event.provider,
      httpStatus: 401,
      details: { mismatch: wrong },
    },
  );
}

/** The ledger as providers' clients and webhooks see it (bound to one provider). Internal. */
export interface ProviderLedger {
  /** Records a payment this client just started (one call per client method). */
  recordStart(start: PaymentStart): Promise<void>;
  /** The current record of one of this provider's payments. */
  get(paymentId: string): Promise<PaymentRecord | undefined>;
}

/** Builds the ledger access of one provider over a store. Internal. */
export function providerLedger(
  store: PaywireStore,
  provider: ProviderName,
  retentionMs: number,
  now: () => number,
): ProviderLedger {
  const checked = checkedOperations(store);
  return {
    // the memory store's synchronous operations when it is the very store given (no promise per step)
    recordStart: async (start) =>
      runFlow(recordStart(directOperations(store) ?? checked, provider, start, retentionMs, now())),
    get: async (paymentId) => (await storeCall('getPayment', () => store.getPayment(provider, paymentId)))?.record,
  };
}
