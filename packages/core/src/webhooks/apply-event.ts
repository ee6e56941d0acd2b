import { paywireError } from '../errors.js';
import type { PaymentEvent } from '../events.js';
import { isThenable, type Flow, type MaybePromise } from '../lib/flow.js';
import { HISTORY_LIMIT, assertEventMatches, canMove, ledgerRecord, statusOf } from '../stores/ledger.js';
import type { LedgerOperations } from '../stores/operations.js';
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
 * How an attempt tells "an earlier attempt at this event started and did not finish" (carry on) from "this event
 * was processed long ago" (duplicate), for an event already in its payment's history. Absent with a
 * transactional store, where the history entry commits with the done marker.
 */
export interface InFlightMarker {
  /**
   * True when an earlier attempt did not finish: it left its marker, or the store's claim said so (a value or a
   * promise of it).
   */
  unfinished(): MaybePromise<boolean>;
  /**
   * Leaves the marker (a value or a promise of it; nothing when the store's claim is the marker); called before the
   * event is first written to the ledger.
   */
  mark(): MaybePromise<void>;
}

const CAS_ATTEMPTS = 20;

/** The history entry of `eventId`, if the record has one (newest first: a redelivery is usually recent). */
function applied(record: PaymentRecord, eventId: string): PaymentRecord['history'][number] | undefined {
  const { history } = record;
  for (let i = history.length - 1; i >= 0; i--)
    if ((history[i] as (typeof history)[number]).eventId === eventId) return history[i];
  return undefined;
}

function nextRecord(
  record: PaymentRecord | undefined,
  event: PaymentEvent,
  paymentId: string,
  stale: boolean,
  now: number,
): PaymentRecord {
  const to = statusOf(event.type);
  const amount =
    record?.amount ??
    (event.amount &&
      (event.amount.currency
        ? { value: event.amount.value, unit: event.amount.unit, currency: event.amount.currency }
        : { value: event.amount.value, unit: event.amount.unit }));
  const providerPaymentId = record?.providerPaymentId ?? event.providerPaymentId;
  const entry: PaymentRecord['history'][number] = stale
    ? { eventId: event.id, type: event.type, at: now, stale: true }
    : { eventId: event.id, type: event.type, at: now };
  const earlier = record?.history;
  // exact-size arrays: a spread into a literal reserves room to grow (~130 bytes more per record kept)
  const history =
    earlier === undefined || earlier.length === 0
      ? [entry]
      : (earlier.length < HISTORY_LIMIT ? earlier : earlier.slice(1 - HISTORY_LIMIT)).concat(entry);
  return ledgerRecord(
    event.provider,
    paymentId,
    record === undefined ? to : stale ? record.status : to,
    history,
    record?.createdAt ?? now,
    now,
    providerPaymentId,
    amount,
  );
}

/**
 * Applies a verified, deduplicated event to its payment's ledger record (compare-and-set until the write wins).
 * A flow (`lib/flow.ts`): synchronous on the memory store. Internal.
 * @throws PaywireError `ERR_STORE_UNAVAILABLE`.
 */
export function* applyEvent(
  access: LedgerOperations,
  event: PaymentEvent,
  options: { retentionMs: number; now: number; inFlight?: InFlightMarker; bindsLedger?: boolean },
): Flow<LedgerVerdict> {
  const paymentId = event.paymentId;
  if (paymentId === undefined) return { kind: 'run' };
  const { inFlight, now } = options;
  let marked = false;
  for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
    // a plain value is used at once (no `yield* wait()`: a generator per step showed in allocation profiles)
    let read = access.getPayment(event.provider, paymentId);
    if (isThenable(read)) read = (yield read) as Awaited<typeof read>;
    const current = read;
    const record = current?.record;
    // Waylet's re-split or replayed callback, pointed at another order
    if (options.bindsLedger) assertEventMatches(record, event);
    const seen = record === undefined ? undefined : applied(record, event.id);
    if (record && seen) {
      let unfinished = inFlight ? inFlight.unfinished() : false;
      if (isThenable(unfinished)) unfinished = (yield unfinished) as boolean;
      if (!unfinished) return { kind: 'duplicate', record };
      return seen.stale ? { kind: 'stale', record } : { kind: 'run', record };
    }
    if (inFlight && !marked) {
      const marking = inFlight.mark(); // before the ledger write: a crash after it is resumed, not a duplicate
      if (isThenable(marking)) yield marking;
      marked = true;
    }
    const stale = record !== undefined && !canMove(record.status, statusOf(event.type));
    const write = nextRecord(record, event, paymentId, stale, now); // no spread of the event: a slow path
    let written = access.putPayment(write, current?.version ?? 0, options.retentionMs);
    if (isThenable(written)) written = (yield written) as boolean;
    if (written) {
      return stale ? { kind: 'stale', record: write } : { kind: 'run', record: write };
    }
  }
  throw paywireError(
    'ERR_STORE_UNAVAILABLE',
    `the ledger record of ${event.provider} ${paymentId.slice(0, 64)} kept changing under ${CAS_ATTEMPTS} writes; retry later`,
    { provider: event.provider },
  );
}
