import type { PaymentEvent } from '../events.js';
import { HISTORY_LIMIT, canMove, statusOf, updatePayment, type LedgerAccess } from '../stores/ledger.js';
import type { PaymentRecord } from '../stores/types.js';

/** What the ledger says about one event. */
export type LedgerVerdict =
  /** Dispatch it to the handlers (it moved its payment, or it has no payment id to track). */
  | { kind: 'run'; record?: PaymentRecord }
  /** It would move its payment backwards or repeat a terminal state: `onStaleEvent`, not the handlers. */
  | { kind: 'stale'; record: PaymentRecord }
  /** This very event was applied and its processing finished before (its dedup marker has expired). */
  | { kind: 'duplicate'; record: PaymentRecord };

/**
 * Applies a verified, deduplicated event to its payment's ledger record (compare-and-set until the write wins).
 * `resuming`: an earlier attempt at this event started and did not finish, so finding the event already in the
 * history means "carry on", not "duplicate". Internal.
 * @throws PaywireError `ERR_STORE_UNAVAILABLE`.
 */
export async function applyEvent(access: LedgerAccess, event: PaymentEvent, options: { resuming: boolean; retentionMs: number; now: number }): Promise<LedgerVerdict> {
  const paymentId = event.paymentId;
  if (paymentId === undefined) return { kind: 'run' };
  const { now } = options;
  return updatePayment<LedgerVerdict>(access, { provider: event.provider, paymentId }, options.retentionMs, (current) => {
    const record = current?.record;
    const seen = record?.history.find((h) => h.eventId === event.id);
    if (record && seen) {
      if (!options.resuming) return { result: { kind: 'duplicate', record } };
      return { result: seen.stale ? { kind: 'stale', record } : { kind: 'run', record } };
    }
    const to = statusOf(event.type);
    const stale = record !== undefined && !canMove(record.status, to);
    const base: PaymentRecord = record ?? { provider: event.provider, paymentId, status: to, history: [], createdAt: now, updatedAt: now };
    const amount = base.amount ?? (event.amount && { value: event.amount.value, unit: event.amount.unit, ...(event.amount.currency ? { currency: event.amount.currency } : {}) });
    const providerPaymentId = base.providerPaymentId ?? event.providerPaymentId;
    const write: PaymentRecord = {
      ...base,
      status: stale ? base.status : to,
      ...(providerPaymentId !== undefined ? { providerPaymentId } : {}),
      ...(amount ? { amount } : {}),
      history: [...base.history, { eventId: event.id, type: event.type, at: now, ...(stale ? { stale: true } : {}) }].slice(-HISTORY_LIMIT),
      updatedAt: now,
    };
    return { write, result: stale ? { kind: 'stale', record: write } : { kind: 'run', record: write } };
  });
}
