import { paywireError } from '../errors.js';
import { createDeadlines, type Deadline } from '../lib/deadlines.js';
import type { PaywireLogger } from '../lib/logger.js';
import type { PaywireStore } from '../stores/types.js';

/** A running event's hold on its lease. Internal. */
export interface Lease {
  /** Aborted when paywire gives up on the handlers (`maxMs`) or the instance closes. */
  readonly signal: AbortSignal;
  /** True once `maxMs` passed: renewal stopped, the lease is left to expire. */
  readonly givenUp: boolean;
  /** Stops renewing (the handlers settled); with a reason, also aborts the signal. */
  stop(reason?: unknown): void;
}

/** Starts leases that share their timers. Internal. */
export interface LeaseKeeper {
  /**
   * Holds the lease on `key`: renews it for `owner` every `leaseMs / 3` while handlers run (when the keeper has
   * a store and an owner is given; a transactional store holds a row lock instead), and gives up after `maxMs`.
   */
  start(key: string, owner?: string): Lease;
}

/**
 * The lease keeper of one pipeline. Every lease has the same renewal period and the same `maxMs`, so their
 * deadlines come due in the order they were set: two FIFO queues with one unref'd timer each, instead of a
 * `setInterval` and a `setTimeout` per event. Timers never keep the process up.
 */
export function createLeaseKeeper(options: {
  store?: PaywireStore;
  leaseMs: number;
  maxMs: number;
  logger: PaywireLogger;
}): LeaseKeeper {
  const { store, leaseMs, maxMs, logger } = options;
  const renewals = createDeadlines(Math.max(1, Math.floor(leaseMs / 3)));
  const giveUps = createDeadlines(maxMs);
  return {
    start(key, owner) {
      let controller: AbortController | undefined; // made on first use: most handlers never read their signal
      let abortReason: unknown;
      let givenUp = false;
      let stopped = false;
      let renewing = false;
      let renewal: Deadline | undefined;
      const renew = (): void => {
        renewal = renewals.add(renew); // the next period starts now, whatever this renewal does
        if (renewing || !store || owner === undefined) return;
        renewing = true;
        store.renew(key, leaseMs, owner).then(
          (held) => {
            renewing = false;
            if (!held)
              logger.warn(
                `lost the lease on ${key} while its handlers run (it expired or was taken); raise webhooks.leaseMs`,
              );
          },
          (err: unknown) => {
            renewing = false;
            logger.warn(`could not renew the lease on ${key}; retrying`, { error: err });
          },
        );
      };
      if (store && owner !== undefined) renewal = renewals.add(renew);
      const stop = (reason?: unknown): void => {
        if (!stopped) {
          stopped = true;
          if (renewal) renewals.settle(renewal);
          giveUps.settle(giveUp);
        }
        if (reason === undefined || abortReason !== undefined) return;
        abortReason = reason;
        controller?.abort(reason);
      };
      const giveUp = giveUps.add(() => {
        givenUp = true;
        logger.error(
          `handlers of ${key} still running after maxHandlerMs (${maxMs} ms): no longer renewing its lease; a later delivery will process it`,
        );
        stop(paywireError('ERR_HANDLER_TIMEOUT', `the handlers ran longer than maxHandlerMs (${maxMs} ms)`));
      });
      return {
        get signal() {
          controller ??= new AbortController();
          if (abortReason !== undefined && !controller.signal.aborted) controller.abort(abortReason);
          return controller.signal;
        },
        get givenUp() {
          return givenUp;
        },
        stop,
      };
    },
  };
}
