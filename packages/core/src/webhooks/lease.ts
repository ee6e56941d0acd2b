import { paywireError } from '../errors.js';
import { createDeadlines, type Deadline, type Deadlines } from '../lib/deadlines.js';
import type { PaywireLogger } from '../lib/logger.js';
import type { PaywireStore } from '../stores/types.js';

/** A running event's hold on its lease. Internal. */
export interface Lease {
  /** Aborted when paywire gives up on the handlers (`maxMs`) or the instance closes. */
  readonly signal: AbortSignal;
  /** True once `maxMs` passed: renewal stopped, the lease is left to expire. */
  readonly givenUp: boolean;
  /**
   * Starts the timers: renewal every `leaseMs / 3` (when the keeper has a store and the lease an owner) and the
   * `maxMs` give-up. Called when the event's processing first waits for something; processing that ends without
   * waiting (the memory store, handlers that return no promise) never needs them.
   */
  arm(): void;
  /** Stops renewing (the handlers settled); with a reason, also aborts the signal. */
  stop(reason?: unknown): void;
}

/** Starts leases that share their timers. Internal. */
export interface LeaseKeeper {
  /**
   * Holds the lease on `key`: once armed, renews it for `owner` every `leaseMs / 3` while handlers run (when the
   * keeper has a store and an owner is given; a transactional store holds a row lock instead), and gives up after
   * `maxMs`.
   */
  start(key: string, owner?: string): Lease;
}

interface Shared {
  store: PaywireStore | undefined;
  leaseMs: number;
  maxMs: number;
  logger: PaywireLogger;
  renewals: Deadlines;
  giveUps: Deadlines;
}

class HeldLease implements Lease {
  #controller: AbortController | undefined; // made on first use: most handlers never read their signal
  #abortReason: unknown;
  #givenUp = false;
  #armed = false;
  #stopped = false;
  #renewing = false;
  #renewal: Deadline | undefined;
  #giveUp: Deadline | undefined;

  constructor(
    private readonly shared: Shared,
    private readonly key: string,
    private readonly owner: string | undefined,
  ) {}

  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    if (this.#abortReason !== undefined && !this.#controller.signal.aborted) this.#controller.abort(this.#abortReason);
    return this.#controller.signal;
  }

  get givenUp(): boolean {
    return this.#givenUp;
  }

  arm(): void {
    if (this.#armed || this.#stopped) return;
    this.#armed = true;
    const { store, renewals, giveUps, maxMs, logger } = this.shared;
    if (store && this.owner !== undefined) this.#renewal = renewals.add(() => this.#renew());
    this.#giveUp = giveUps.add(() => {
      this.#givenUp = true;
      logger.error(
        `handlers of ${this.key} still running after maxHandlerMs (${maxMs} ms): no longer renewing its lease; a later delivery will process it`,
      );
      this.stop(paywireError('ERR_HANDLER_TIMEOUT', `the handlers ran longer than maxHandlerMs (${maxMs} ms)`));
    });
  }

  #renew(): void {
    const { store, leaseMs, logger, renewals } = this.shared;
    this.#renewal = renewals.add(() => this.#renew()); // the next period starts now, whatever this renewal does
    if (this.#renewing || !store || this.owner === undefined) return;
    this.#renewing = true;
    store.renew(this.key, leaseMs, this.owner).then(
      (held) => {
        this.#renewing = false;
        if (!held)
          logger.warn(
            `lost the lease on ${this.key} while its handlers run (it expired or was taken); raise webhooks.leaseMs`,
          );
      },
      (err: unknown) => {
        this.#renewing = false;
        logger.warn(`could not renew the lease on ${this.key}; retrying`, { error: err });
      },
    );
  }

  stop(reason?: unknown): void {
    if (!this.#stopped) {
      this.#stopped = true;
      if (this.#renewal) this.shared.renewals.settle(this.#renewal);
      if (this.#giveUp) this.shared.giveUps.settle(this.#giveUp);
    }
    if (reason === undefined || this.#abortReason !== undefined) return;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }
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
  const shared: Shared = {
    store: options.store,
    leaseMs: options.leaseMs,
    maxMs: options.maxMs,
    logger: options.logger,
    renewals: createDeadlines(Math.max(1, Math.floor(options.leaseMs / 3))),
    giveUps: createDeadlines(options.maxMs),
  };
  return { start: (key, owner) => new HeldLease(shared, key, owner) };
}
