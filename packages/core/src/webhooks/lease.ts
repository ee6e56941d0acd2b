import { paywireError } from '../errors.js';
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

/**
 * Renews the lease on `key` every `leaseMs / 3` while handlers run (when a store is given; a transactional
 * store holds a row lock instead), and gives up after `maxMs`. Timers are unref'd: they never keep the process up.
 */
export function startLease(options: {
  store?: PaywireStore;
  key: string;
  owner?: string;
  leaseMs?: number;
  maxMs: number;
  logger: PaywireLogger;
}): Lease {
  const { store, key, owner, leaseMs, logger } = options;
  let controller: AbortController | undefined; // made on first use: most handlers never read their signal
  let abortReason: unknown;
  let givenUp = false;
  let renewing = false;
  const renewer =
    store && owner !== undefined && leaseMs !== undefined
      ? setInterval(
          () => {
            if (renewing) return;
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
          },
          Math.max(1, Math.floor(leaseMs / 3)),
        )
      : undefined;
  renewer?.unref();
  const stop = (reason?: unknown) => {
    clearInterval(renewer);
    clearTimeout(giveUp);
    if (reason === undefined || abortReason !== undefined) return;
    abortReason = reason;
    controller?.abort(reason);
  };
  const giveUp = setTimeout(() => {
    givenUp = true;
    logger.error(
      `handlers of ${key} still running after maxHandlerMs (${options.maxMs} ms): no longer renewing its lease; a later delivery will process it`,
    );
    stop(paywireError('ERR_HANDLER_TIMEOUT', `the handlers ran longer than maxHandlerMs (${options.maxMs} ms)`));
  }, options.maxMs);
  giveUp.unref();
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
}
