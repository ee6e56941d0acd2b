import type { PaywireError } from '../errors.js';
import { isPaywireError, paywireError } from '../errors.js';
import type { PaymentEvent } from '../events.js';
import type { PaywireLogger } from '../lib/logger.js';
import { createDeadlines } from '../lib/deadlines.js';
import { isThenable, runFlow, wait, type Flow, type MaybePromise } from '../lib/flow.js';
import { checkedLedger, checkedOperations, storeCall, type StoreOperations } from '../stores/operations.js';
import type { ClaimResult, PaymentRecord, PaywireStore, TransactionalStore } from '../stores/types.js';
import { applyEvent, type InFlightMarker } from './apply-event.js';
import { NO_TRANSACTION, type DispatchProgress, type HandlerRegistry, type PaymentContext } from './handlers.js';
import { createLeaseKeeper, type Lease } from './lease.js';

/** Resolved settings of one event's processing. */
export interface RunConfig {
  leaseMs: number;
  dedupTtlMs: number;
  handlerTimeoutMs: number;
  maxHandlerMs: number;
  ledgerRetentionMs: number;
  onStaleEvent?: (event: PaymentEvent, record: PaymentRecord) => unknown;
}

/** How one event's processing ended (store failures are thrown as `ERR_STORE_UNAVAILABLE`). */
export type EventOutcome =
  | { kind: 'processed' | 'duplicate' | 'stale' | 'in_progress' | 'timeout' }
  /** A handler (or a hook) failed: 5xx, the redelivery runs what did not complete. */
  | { kind: 'failed'; error: PaywireError }
  /** Applying the event found the request at fault (a 4xx, e.g. Waylet's binding): nothing ran. */
  | { kind: 'refused'; error: PaywireError };

type Done = 'processed' | 'duplicate' | 'stale';

/** The outcomes without an error, made once. */
const OUTCOME: Readonly<Record<Done | 'in_progress' | 'timeout', EventOutcome>> = {
  processed: Object.freeze({ kind: 'processed' }),
  duplicate: Object.freeze({ kind: 'duplicate' }),
  stale: Object.freeze({ kind: 'stale' }),
  in_progress: Object.freeze({ kind: 'in_progress' }),
  timeout: Object.freeze({ kind: 'timeout' }),
};

const NOTHING_DONE: ReadonlySet<string> = new Set();

/** Where the per-handler progress of an event lives among the store's values. */
export const progressKey = (eventId: string) => `handlers:${eventId}`;

interface Progress {
  /** Attempts started. */
  a: number;
  /** Names of the handlers that completed. */
  h: string[];
}

function parseProgress(text: string | undefined): Progress | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Progress;
    return {
      a: Number.isInteger(value.a) ? value.a : 0,
      h: Array.isArray(value.h) ? value.h.filter((n) => typeof n === 'string') : [],
    };
  } catch {
    return { a: 0, h: [] };
  }
}

/**
 * How an attempt leaves its in-flight marker: `'claim'`, none (the store remembers attempts: its claim is the
 * marker); `'deferred'`, written only when the processing is about to wait (the memory store's synchronous
 * operations); `'write'`, written before the ledger write.
 */
type MarkerPolicy = 'claim' | 'deferred' | 'write';

/**
 * One attempt's per-handler progress record (`handlers:<event id>` among the store's values): the in-flight marker
 * left before the event's first ledger write, and which handlers completed, so a redelivery resumes where an
 * unfinished attempt stopped.
 *
 * On synchronous store operations (`memoryStore()`) the marker is written only when the processing is about to
 * wait ({@link AttemptProgress.flush}): until then no other delivery can run, so none can see the ledger entry
 * without it, and processing that ends without waiting never writes it (or deletes it). A store that
 * {@link PaywireStore.remembersAttempts | remembers attempts} needs no marker at all: its claim answers
 * `'reclaimed'` when an earlier attempt did not finish.
 */
class AttemptProgress implements InFlightMarker, DispatchProgress {
  #saved: Progress | undefined;
  #loaded = false;
  /** A marker that is due but not written yet (synchronous operations only). */
  #deferred = false;
  /** This attempt wrote the record. */
  #wrote = false;
  #key: string | undefined;
  #progress: Progress | undefined;
  /** This attempt wrote the event to the ledger first: no earlier progress can exist. */
  fresh = false;
  done: ReadonlySet<string> = NOTHING_DONE;

  constructor(
    readonly ops: StoreOperations,
    private readonly eventId: string,
    private readonly ttlMs: number,
    /** How the in-flight marker is left: see {@link MarkerPolicy}. */
    private readonly marker: MarkerPolicy,
    /** The event's ids and amount must agree with its ledger record (the delivery's `bindsLedger`). */
    readonly bindsLedger: boolean,
    /** `'reclaimed'` when the store remembers attempts and an earlier one did not finish, else `'claimed'`. */
    private readonly claim: 'claimed' | 'reclaimed',
  ) {}

  /** The record's key among the store's values (made when first needed: most attempts never need it). */
  get key(): string {
    return (this.#key ??= progressKey(this.eventId));
  }

  /** This attempt's progress: its number and the handlers that completed. */
  get progress(): Progress {
    return (this.#progress ??= { a: this.#first, h: [] });
  }

  /** This attempt's number (1 for the first). */
  get attempt(): number {
    return this.#progress?.a ?? this.#first;
  }

  /**
   * The number of an attempt that found no saved progress: 2 after a reclaim (an earlier attempt took the lease
   * and saved nothing: it died, or its lease ran out), else 1.
   */
  get #first(): number {
    return this.claim === 'reclaimed' ? 2 : 1;
  }

  /** The progress an earlier attempt saved, read once (a value, or a promise of it on an asynchronous store). */
  load(): MaybePromise<Progress | undefined> {
    if (this.#loaded) return this.#saved;
    const text = this.ops.get(this.key);
    return isThenable(text) ? Promise.resolve(text).then((t) => this.#loadedFrom(t)) : this.#loadedFrom(text);
  }

  #loadedFrom(text: string | undefined): Progress | undefined {
    this.#saved = parseProgress(text);
    this.#loaded = true;
    return this.#saved;
  }

  unfinished(): MaybePromise<boolean> {
    if (this.claim === 'reclaimed') return true;
    const saved = this.load();
    return isThenable(saved) ? Promise.resolve(saved).then((p) => p !== undefined) : saved !== undefined;
  }

  mark(): MaybePromise<void> {
    this.fresh = true;
    if (this.marker === 'write') return this.save();
    if (this.marker === 'deferred') this.#deferred = true;
  }

  /** Writes a deferred marker now: the processing is about to wait, so other deliveries may run. */
  flush(): void {
    if (this.#deferred) void this.save(); // synchronous operations: written on return
  }

  /**
   * True when a progress record of this event may exist: written by this attempt, or found (or not looked for)
   * from an earlier one. A fresh attempt's own marker replaces any earlier one, so it only counts if written.
   */
  get exists(): boolean {
    return this.#wrote || this.#saved !== undefined || (!this.#loaded && !this.fresh);
  }

  /**
   * Continues from what an earlier attempt saved, if any (no payment id: only the progress record tells); a
   * promise when the store's read is one.
   */
  resume(): MaybePromise<void> {
    const earlier = this.load();
    if (isThenable(earlier)) return Promise.resolve(earlier).then((p) => this.#resumeFrom(p));
    this.#resumeFrom(earlier);
  }

  #resumeFrom(earlier: Progress | undefined): void {
    if (!earlier) return;
    this.#progress = { a: earlier.a + 1, h: earlier.h };
    if (earlier.h.length > 0) this.done = new Set(earlier.h);
  }

  /** Writes the progress record (a value or a promise of it). */
  save(): MaybePromise<void> {
    this.#deferred = false;
    this.#wrote = true;
    return this.ops.set(this.key, JSON.stringify(this.progress), this.ttlMs);
  }

  completed(name: string): MaybePromise<void> {
    this.progress.h.push(name);
    return this.save();
  }
}

/**
 * What a handler receives as its second argument: the transaction (a transactional store's; none with a leased
 * one), the attempt's number (leased stores only) and its lease's signal. A class: its getter is not a new closure
 * per delivery.
 */
class EventContext implements PaymentContext {
  declare readonly attempt?: number;
  readonly #lease: Lease;
  constructor(
    readonly tx: PaymentContext['tx'],
    lease: Lease,
    attempt?: number,
  ) {
    this.#lease = lease;
    if (attempt !== undefined) this.attempt = attempt;
  }

  get signal(): AbortSignal {
    return this.#lease.signal;
  }
}

/** Runs a store call whose failure changes nothing (best effort); never throws. */
function* quietly(call: () => unknown): Flow<void> {
  try {
    yield* wait(call());
  } catch {
    // best effort: the store is failing, or the lease is gone already
  }
}

/**
 * Runs events through lease (or transaction) → ledger → handlers → done marker. Internal.
 *
 * The leased path is a flow (`lib/flow.ts`): with `memoryStore()`'s synchronous operations and handlers that
 * return no promise, an event is processed without a promise or a timer; the lease's timers and the handler
 * timeout start only when the processing first waits for something.
 */
export function createEventRunner(deps: {
  config: RunConfig;
  store: PaywireStore;
  handlers: HandlerRegistry;
  logger: PaywireLogger;
  now: () => number;
}) {
  const { config, store, handlers, logger, now } = deps;
  const checked = checkedOperations(store);
  const leases = new Set<Lease>();
  // shared timers: one queue per duration instead of three timers per event
  const leased = createLeaseKeeper({ store, leaseMs: config.leaseMs, maxMs: config.maxHandlerMs, logger });
  const locked = createLeaseKeeper({ leaseMs: config.leaseMs, maxMs: config.maxHandlerMs, logger });
  const timeouts = createDeadlines(config.handlerTimeoutMs);

  function* stale(event: PaymentEvent, record: PaymentRecord): Flow<void> {
    if (!config.onStaleEvent) {
      logger.info(
        `stale ${event.provider} ${event.type} ${event.id}: payment ${record.paymentId} is ${record.status}; acknowledged, no handler ran`,
      );
      return;
    }
    try {
      yield* wait(config.onStaleEvent(event, record));
    } catch (err) {
      throw paywireError('ERR_HANDLER_FAILED', 'the onStaleEvent hook failed', {
        provider: event.provider,
        cause: err,
        details: { eventId: event.id },
      });
    }
  }

  /**
   * One attempt under a held lease (resuming where an unfinished earlier attempt stopped), then how it ended: done
   * marker, or lease released (only while this owner holds the lease). One flow, not two: a generator per step
   * showed in allocation profiles.
   */
  function* settleLeased(
    event: PaymentEvent,
    owner: string,
    lease: Lease,
    progress: AttemptProgress,
  ): Flow<EventOutcome> {
    const { ops } = progress;
    try {
      let done: Done;
      try {
        const verdict = yield* applyEvent(ops, event, {
          bindsLedger: progress.bindsLedger,
          retentionMs: config.ledgerRetentionMs,
          now: now(),
          inFlight: progress,
        });
        if (verdict.kind === 'duplicate') done = 'duplicate';
        else {
          if (!progress.fresh) {
            const resumed = progress.resume(); // a fresh attempt wrote the event first: nothing to resume
            if (isThenable(resumed)) yield resumed;
          }
          if (verdict.kind === 'stale') {
            yield* stale(event, verdict.record);
            done = 'stale';
          } else {
            try {
              const dispatched = handlers.dispatch(
                event,
                new EventContext(NO_TRANSACTION, lease, progress.attempt),
                progress,
              );
              if (isThenable(dispatched)) yield dispatched;
            } catch (err) {
              yield* quietly(() => progress.save()); // the attempt count and who completed, for the redelivery
              throw err;
            }
            done = 'processed';
          }
        }
      } catch (err) {
        if (!isPaywireError(err)) {
          // a fault inside paywire (handler failures arrive as ERR_HANDLER_FAILED): the delivery answers 500
          yield* quietly(() => ops.release(event.id, owner));
          throw err;
        }
        const error = err;
        if (error.code === 'ERR_STORE_UNAVAILABLE') {
          yield* quietly(() => ops.release(event.id, owner)); // best effort: the store is failing
          throw error;
        }
        yield* wait(ops.release(event.id, owner));
        return { kind: error.httpStatus < 500 ? 'refused' : 'failed', error };
      }
      let renewed = lease.givenUp ? ops.renew(event.id, config.leaseMs, owner) : true;
      if (isThenable(renewed)) renewed = (yield renewed) as boolean;
      if (!renewed) {
        logger.warn(
          `${event.provider} ${event.id}: a handler settled after maxHandlerMs and another delivery owns the event now; its result is not recorded`,
        );
        return OUTCOME[done];
      }
      try {
        const completed = ops.complete(event.id, config.dedupTtlMs);
        if (isThenable(completed)) yield completed;
      } catch (err) {
        // best effort: the redelivery must not wait for the lease
        yield* quietly(() => ops.release(event.id, owner));
        throw err;
      }
      if (progress.exists) forget(ops, progress.key); // not awaited: it expires with the dedup TTL anyway
      return OUTCOME[done];
    } finally {
      lease.stop();
      leases.delete(lease);
    }
  }

  function leasedAfterClaim(
    event: PaymentEvent,
    owner: string,
    claim: ClaimResult,
    ops: StoreOperations,
    bindsLedger: boolean,
  ): MaybePromise<EventOutcome> {
    if (claim === 'done') return OUTCOME.duplicate;
    if (claim === 'in_progress') return OUTCOME.in_progress;
    const lease = leased.start(event.id, owner);
    // `ops` other than the store's own methods are memoryStore()'s synchronous operations
    const marker: MarkerPolicy = store.remembersAttempts === true ? 'claim' : ops !== checked ? 'deferred' : 'write';
    const progress = new AttemptProgress(ops, event.id, config.dedupTtlMs, marker, bindsLedger, claim);
    const work = runFlow(settleLeased(event, owner, lease, progress));
    if (!isThenable(work)) return work; // done without waiting: no timer and no in-flight marker were needed
    progress.flush();
    lease.arm();
    leases.add(lease);
    return withTimeout(event, work);
  }

  function runLeased(
    event: PaymentEvent,
    owner: string,
    ops: StoreOperations,
    bindsLedger: boolean,
  ): MaybePromise<EventOutcome> {
    const claim = ops.claim(event.id, config.leaseMs, owner, config.dedupTtlMs);
    return isThenable(claim)
      ? Promise.resolve(claim).then((c) => leasedAfterClaim(event, owner, c, ops, bindsLedger))
      : leasedAfterClaim(event, owner, claim, ops, bindsLedger);
  }

  async function runTransactional(
    transactional: TransactionalStore,
    event: PaymentEvent,
    bindsLedger: boolean,
  ): Promise<EventOutcome> {
    const lease = locked.start(event.id);
    lease.arm();
    leases.add(lease);
    const run = async (): Promise<EventOutcome> => {
      const lockTimeoutMs = Math.min(1_000, config.handlerTimeoutMs);
      const payment =
        event.paymentId === undefined ? undefined : { provider: event.provider, paymentId: event.paymentId };
      let result: { status: 'ran'; value: Done } | { status: 'done' } | { status: 'in_progress' };
      try {
        result = await transactional.runEvent(event.id, { lockTimeoutMs, payment }, async (t): Promise<Done> => {
          const verdict = await runFlow(
            applyEvent(checkedLedger(t), event, {
              retentionMs: config.ledgerRetentionMs,
              now: now(),
              bindsLedger,
            }),
          );
          if (verdict.kind === 'stale') await runFlow(stale(event, verdict.record));
          const context = new EventContext(t.client as PaymentContext['tx'], lease);
          if (verdict.kind === 'run') await handlers.dispatch(event, context);
          await storeCall('complete', () => t.complete(config.dedupTtlMs));
          return verdict.kind === 'run' ? 'processed' : verdict.kind;
        });
      } catch (err) {
        if (isPaywireError(err, 'ERR_STORE_UNAVAILABLE')) throw err;
        if (isPaywireError(err, 'ERR_HANDLER_FAILED')) return { kind: 'failed', error: err };
        if (isPaywireError(err) && err.httpStatus < 500) return { kind: 'refused', error: err };
        throw paywireError(
          'ERR_STORE_UNAVAILABLE',
          'the store failed (runEvent); nothing was marked done, retry later',
          { cause: err },
        );
      } finally {
        lease.stop();
        leases.delete(lease);
      }
      if (result.status === 'ran') return OUTCOME[result.value];
      return result.status === 'done' ? OUTCOME.duplicate : OUTCOME.in_progress;
    };
    return withTimeout(event, run());
  }

  /** Answers `timeout` past `handlerTimeoutMs`; the work goes on and its end is logged. */
  function withTimeout(event: PaymentEvent, work: Promise<EventOutcome>): Promise<EventOutcome> {
    return new Promise<EventOutcome>((resolve, reject) => {
      let timedOut = false;
      const deadline = timeouts.add(() => {
        timedOut = true;
        logger.error(
          `${event.provider} ${event.type} ${event.id}: handlers still running after ${config.handlerTimeoutMs} ms; answering 500, they keep their lease`,
        );
        resolve(OUTCOME.timeout);
      });
      work.then(
        (outcome) => {
          timeouts.settle(deadline);
          if (!timedOut) resolve(outcome);
          else logger.warn(`${event.provider} ${event.id}: handlers that timed out settled: ${outcome.kind}`);
        },
        (err: unknown) => {
          timeouts.settle(deadline);
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the work's own rejection
          if (!timedOut) reject(err);
          else
            logger.error(`${event.provider} ${event.id}: handlers that timed out settled, but recording it failed`, {
              error: err,
            });
        },
      );
    });
  }

  return {
    /**
     * Processes one event; `owner` is this delivery's lease token. With `ops` (the memory store's synchronous
     * operations) it answers without a promise when nothing it does waits. `bindsLedger`: the delivery's (Waylet).
     * @throws PaywireError `ERR_STORE_UNAVAILABLE` (thrown, or as the promise's rejection)
     */
    run(
      event: PaymentEvent,
      owner: string,
      ops: StoreOperations = checked,
      bindsLedger = false,
    ): MaybePromise<EventOutcome> {
      return store.transactional
        ? runTransactional(store.transactional, event, bindsLedger)
        : runLeased(event, owner, ops, bindsLedger);
    },
    /** Stops every lease renewal and aborts running handlers' signals (instance closing). */
    close(): void {
      for (const lease of leases) lease.stop(paywireError('ERR_HANDLER_TIMEOUT', 'the paywire instance closed'));
      leases.clear();
    },
  };
}

/** Deletes a value without waiting, ignoring any failure. */
function forget(ops: StoreOperations, key: string): void {
  try {
    const deleted = ops.delete(key);
    if (isThenable(deleted)) deleted.then(undefined, () => undefined);
  } catch {
    // best effort: it expires with the dedup TTL anyway
  }
}
