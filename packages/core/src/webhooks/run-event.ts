import type { PaywireError } from '../errors.js';
import { isPaywireError, paywireError } from '../errors.js';
import type { PaymentEvent } from '../events.js';
import type { PaywireLogger } from '../lib/logger.js';
import { storeCall } from '../stores/ledger.js';
import type { PaymentRecord, PaywireStore, TransactionalStore } from '../stores/types.js';
import { applyEvent, type InFlightMarker } from './apply-event.js';
import { NO_TRANSACTION, type HandlerRegistry, type PaymentContext } from './handlers.js';
import { createDeadlines } from '../lib/deadlines.js';
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

/** Runs events through lease (or transaction) → ledger → handlers → done marker. Internal. */
export function createEventRunner(deps: {
  config: RunConfig;
  store: PaywireStore;
  handlers: HandlerRegistry;
  logger: PaywireLogger;
  now: () => number;
}) {
  const { config, store, handlers, logger, now } = deps;
  const leases = new Set<Lease>();
  // shared timers: one queue per duration instead of three timers per event
  const leased = createLeaseKeeper({ store, leaseMs: config.leaseMs, maxMs: config.maxHandlerMs, logger });
  const locked = createLeaseKeeper({ leaseMs: config.leaseMs, maxMs: config.maxHandlerMs, logger });
  const timeouts = createDeadlines(config.handlerTimeoutMs);

  async function stale(event: PaymentEvent, record: PaymentRecord): Promise<void> {
    if (!config.onStaleEvent) {
      logger.info(
        `stale ${event.provider} ${event.type} ${event.id}: payment ${record.paymentId} is ${record.status}; acknowledged, no handler ran`,
      );
      return;
    }
    try {
      await config.onStaleEvent(event, record);
    } catch (err) {
      throw paywireError('ERR_HANDLER_FAILED', 'the onStaleEvent hook failed', {
        provider: event.provider,
        cause: err,
        details: { eventId: event.id },
      });
    }
  }

  /** One attempt under a held lease; resumes where an unfinished earlier attempt stopped. */
  async function attempt(event: PaymentEvent, lease: Lease): Promise<Done> {
    const key = progressKey(event.id);
    let saved: Progress | undefined;
    let loaded = false;
    const load = async () => {
      if (!loaded) saved = parseProgress(await storeCall('get', () => store.get(key)));
      loaded = true;
      return saved;
    };
    let progress: Progress = { a: 1, h: [] };
    const save = () => storeCall('set', () => store.set(key, JSON.stringify(progress), config.dedupTtlMs));
    let fresh = false; // this attempt wrote the event to the ledger first: no earlier progress can exist
    const mark = async () => {
      fresh = true;
      await save();
    };
    const inFlight: InFlightMarker = { unfinished: async () => (await load()) !== undefined, mark };
    const verdict = await applyEvent(store, event, { retentionMs: config.ledgerRetentionMs, now: now(), inFlight });
    if (verdict.kind === 'duplicate') return 'duplicate';
    const earlier = fresh ? undefined : loaded ? saved : await load(); // no payment id: only the progress record tells
    if (earlier) progress = { a: earlier.a + 1, h: earlier.h };
    if (verdict.kind === 'stale') {
      await stale(event, verdict.record);
      return 'stale';
    }
    const completed = async (name: string) => {
      progress.h.push(name);
      await save();
    };
    const context: PaymentContext = {
      tx: NO_TRANSACTION, // a leased store has no transaction
      attempt: progress.a,
      get signal() {
        return lease.signal;
      },
    };
    try {
      await handlers.dispatch(event, context, { done: new Set(progress.h), completed });
    } catch (err) {
      await save().catch(() => undefined); // the attempt count and who completed, for the redelivery
      throw err;
    }
    return 'processed';
  }

  /** Records how an attempt ended: done marker, or lease released (only while this owner holds the lease). */
  async function settleLeased(event: PaymentEvent, owner: string, lease: Lease): Promise<EventOutcome> {
    try {
      let done: Done;
      try {
        done = await attempt(event, lease);
      } catch (err) {
        if (!isPaywireError(err)) {
          // a fault inside paywire (handler failures arrive as ERR_HANDLER_FAILED): the delivery answers 500
          await store.release(event.id, owner).catch(() => undefined);
          throw err;
        }
        const error = err;
        if (error.code === 'ERR_STORE_UNAVAILABLE') {
          await store.release(event.id, owner).catch(() => undefined); // best effort: the store is failing
          throw error;
        }
        await storeCall('release', () => store.release(event.id, owner));
        return { kind: error.httpStatus < 500 ? 'refused' : 'failed', error };
      }
      if (lease.givenUp && !(await storeCall('renew', () => store.renew(event.id, config.leaseMs, owner)))) {
        logger.warn(
          `${event.provider} ${event.id}: a handler settled after maxHandlerMs and another delivery owns the event now; its result is not recorded`,
        );
        return { kind: done };
      }
      try {
        await storeCall('complete', () => store.complete(event.id, config.dedupTtlMs));
      } catch (err) {
        // best effort: the redelivery must not wait for the lease
        await store.release(event.id, owner).catch(() => undefined);
        throw err;
      }
      // not awaited: it expires with the dedup TTL anyway
      void store.delete(progressKey(event.id)).catch(() => undefined);
      return { kind: done };
    } finally {
      lease.stop();
      leases.delete(lease);
    }
  }

  async function runLeased(event: PaymentEvent, owner: string): Promise<EventOutcome> {
    const claim = await storeCall('claim', () => store.claim(event.id, config.leaseMs, owner));
    if (claim === 'done') return { kind: 'duplicate' };
    if (claim === 'in_progress') return { kind: 'in_progress' };
    const lease = leased.start(event.id, owner);
    leases.add(lease);
    return await withTimeout(event, settleLeased(event, owner, lease)); // `return await`: fewer ticks
  }

  async function runTransactional(transactional: TransactionalStore, event: PaymentEvent): Promise<EventOutcome> {
    const lease = locked.start(event.id);
    leases.add(lease);
    const run = async (): Promise<EventOutcome> => {
      const lockTimeoutMs = Math.min(1_000, config.handlerTimeoutMs);
      const payment =
        event.paymentId === undefined ? undefined : { provider: event.provider, paymentId: event.paymentId };
      let result: { status: 'ran'; value: Done } | { status: 'done' } | { status: 'in_progress' };
      try {
        result = await transactional.runEvent(event.id, { lockTimeoutMs, payment }, async (t): Promise<Done> => {
          const verdict = await applyEvent(t, event, { retentionMs: config.ledgerRetentionMs, now: now() });
          if (verdict.kind === 'stale') await stale(event, verdict.record);
          const context: PaymentContext = {
            tx: t.client as PaymentContext['tx'],
            get signal() {
              return lease.signal;
            },
          };
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
      if (result.status === 'ran') return { kind: result.value };
      return { kind: result.status === 'done' ? 'duplicate' : 'in_progress' };
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
        resolve({ kind: 'timeout' });
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
    /** Processes one event; `owner` is this delivery's lease token. @throws PaywireError `ERR_STORE_UNAVAILABLE` */
    run(event: PaymentEvent, owner: string): Promise<EventOutcome> {
      return store.transactional ? runTransactional(store.transactional, event) : runLeased(event, owner);
    },
    /** Stops every lease renewal and aborts running handlers' signals (instance closing). */
    close(): void {
      for (const lease of leases) lease.stop(paywireError('ERR_HANDLER_TIMEOUT', 'the paywire instance closed'));
      leases.clear();
    },
  };
}
