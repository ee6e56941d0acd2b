import type { PaywireError } from '../errors.js';
import { isPaywireError, paywireError } from '../errors.js';
import {
  PAYMENT_EVENT_TYPES,
  PROVIDER_NAMES,
  type PaymentEvent,
  type PaymentEventType,
  type ProviderName,
} from '../events.js';
import { isThenable, type MaybePromise } from '../lib/flow.js';

/** Which events a handler receives. `'*'` matches every type. */
export type EventSelector = PaymentEventType | readonly PaymentEventType[] | '*';

/** Narrows a handler to some providers. */
export interface HandlerFilter<P extends ProviderName = ProviderName> {
  /** Only events from this provider (or these providers). */
  provider?: P | readonly P[];
}

/**
 * Augment this interface to type `context.tx` (a store package does it for you: `@paywire/postgres` sets it to
 * its transaction client).
 *
 * @example
 * ```ts
 * declare module '@paywire/core' {
 *   interface PaymentContextTypes { tx: { query(sql: string, values?: unknown[]): Promise<unknown> } }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PaymentContextTypes {}

/** The type of `context.tx`: what {@link PaymentContextTypes} says, else `unknown`. */
export type PaymentTransaction = PaymentContextTypes extends { tx: infer T } ? T : unknown;

/** What a handler gets beside the event. */
export interface PaymentContext {
  /**
   * With a transactional store (`@paywire/postgres`): the client inside this delivery's transaction. Typed by
   * {@link PaymentContextTypes} (a store package augments it, so `async (event, { tx }) => tx.query(…)` type-checks);
   * `undefined` at run time with a store that has no transactions.
   */
  tx: PaymentTransaction;
  /** Which attempt at this event this is, from 1 (leased stores; absent with a transactional store). */
  attempt?: number;
  /** Aborted when paywire gives up on this run (`webhooks.maxHandlerMs`) or the instance closes. */
  signal?: AbortSignal;
}

/** `context.tx` with a store that has no transactions: `undefined`, whatever a store package typed it as. Internal. */
export const NO_TRANSACTION = undefined as unknown as PaymentTransaction;

/**
 * The event a handler of `T` receives: `event.type` narrowed to the selected types (every type for `'*'`).
 * @typeParam T - the selected event types, or `'*'`
 * @typeParam P - the providers a filter allows
 */
export type EventOf<T extends PaymentEventType | '*' = '*', P extends ProviderName = ProviderName> = [T] extends [
  PaymentEventType,
]
  ? PaymentEvent<P> & { type: T }
  : PaymentEvent<P>;

/**
 * A payment event handler. Throwing (or rejecting) makes the delivery answer 5xx so the provider retries.
 * @typeParam P - the providers whose events it receives
 * @typeParam T - the event types it receives (`event.type` narrows to them)
 */
export type PaymentEventHandler<P extends ProviderName = ProviderName, T extends PaymentEventType | '*' = '*'> = (
  event: EventOf<T, P>,
  context: PaymentContext,
) => unknown;

/** Options of one handler registration. */
export interface HandlerOptions {
  /**
   * The handler's identity for per-handler idempotency: which handlers of an event completed is recorded by
   * name, and a redelivery runs only the others. Must be unique per paywire instance.
   * @default `${handler.name || 'anonymous'}#${n}`, n counting earlier registrations of that function name
   */
  name?: string;
}

interface Registration {
  types: ReadonlySet<PaymentEventType> | '*';
  providers: ReadonlySet<ProviderName> | undefined;
  handler: PaymentEventHandler<never>;
  name: string;
  base: string;
}

/** One handler's failure inside a dispatch. */
export interface HandlerFailure {
  handler: string;
  error: unknown;
}

/** Per-handler progress of one event: who already completed, and where to record a completion. */
export interface DispatchProgress {
  done: ReadonlySet<string>;
  /**
   * Called after each handler that completes, when more than one handler matched (with one there is nothing to
   * resume); a throw stops the dispatch (the store is down).
   */
  completed(name: string): MaybePromise<void>;
}

/** The handler registry of one paywire instance. Internal; reached through `paywire.on`. */
export class HandlerRegistry {
  readonly #registrations: Registration[] = [];
  /** The matching registrations per provider and event type, computed on first use; cleared on every change. */
  readonly #matches = new Map<string, Map<string, readonly Registration[]>>();

  /** Registers a handler; returns a function that removes it. */
  add(
    selector: EventSelector,
    filter: HandlerFilter | undefined,
    handler: PaymentEventHandler<never>,
    options: HandlerOptions = {},
  ): () => void {
    if (typeof handler !== 'function') throw new TypeError('paywire.on: the handler must be a function');
    const types = selector === '*' ? '*' : new Set(typeof selector === 'string' ? [selector] : selector);
    if (types !== '*') {
      for (const t of types)
        if (!PAYMENT_EVENT_TYPES.includes(t))
          throw new TypeError(
            `paywire.on: unknown event type "${String(t)}"; expected one of ${PAYMENT_EVENT_TYPES.join(', ')}`,
          );
    }
    const list =
      filter?.provider === undefined
        ? undefined
        : typeof filter.provider === 'string'
          ? [filter.provider]
          : filter.provider;
    if (list)
      for (const p of list)
        if (!PROVIDER_NAMES.includes(p)) throw new TypeError(`paywire.on: unknown provider "${String(p)}"`);
    const registration: Registration = {
      types,
      providers: list && new Set(list),
      handler,
      ...this.#nameOf(handler, options.name),
    };
    this.#registrations.push(registration);
    this.#matches.clear();
    return () => {
      const i = this.#registrations.indexOf(registration);
      if (i >= 0) this.#registrations.splice(i, 1);
      this.#matches.clear();
    };
  }

  #nameOf(handler: PaymentEventHandler<never>, given: string | undefined): { name: string; base: string } {
    if (given !== undefined) {
      if (typeof given !== 'string' || given === '')
        throw new TypeError('paywire.on: options.name must be a non-empty string');
      if (this.#registrations.some((r) => r.name === given))
        throw new TypeError(
          `paywire.on: a handler named "${given}" is already registered; handler names must be unique`,
        );
      return { name: given, base: given };
    }
    const base = handler.name || 'anonymous';
    let n = this.#registrations.filter((r) => r.base === base && r.name !== base).length;
    while (this.#registrations.some((r) => r.name === `${base}#${n}`)) n++;
    return { name: `${base}#${n}`, base };
  }

  /**
   * Runs every matching handler not in `progress.done`, one after another in registration order; every
   * handler runs even when an earlier one fails. Synchronous until a handler (or `progress.completed`) returns a
   * promise: a handler that returns no promise is not awaited, and then neither is the dispatch.
   * @throws PaywireError `ERR_HANDLER_FAILED` with the failures in `cause` when any handler failed; the
   *   error of `progress.completed` when recording a completion failed (thrown, or as the promise's rejection).
   */
  dispatch(
    event: PaymentEvent,
    context: PaymentContext = { tx: NO_TRANSACTION },
    progress?: DispatchProgress,
  ): MaybePromise<void> {
    return new Dispatch(this.#matching(event), event, context, progress).from(0);
  }

  #matching(event: PaymentEvent): readonly Registration[] {
    let byType = this.#matches.get(event.provider);
    if (byType === undefined) this.#matches.set(event.provider, (byType = new Map<string, readonly Registration[]>()));
    let found = byType.get(event.type);
    if (found === undefined) byType.set(event.type, (found = this.#registrations.filter((r) => matches(r, event))));
    return found;
  }
}

/** One dispatch of an event to its matching handlers (see {@link HandlerRegistry.dispatch}). */
class Dispatch {
  #failures: HandlerFailure[] | undefined;
  readonly #track: boolean;

  constructor(
    private readonly matching: readonly Registration[],
    private readonly event: PaymentEvent,
    private readonly context: PaymentContext,
    private readonly progress: DispatchProgress | undefined,
  ) {
    this.#track = progress !== undefined && matching.length > 1;
  }

  /** Runs the handlers from index `start` on, synchronously until one of them returns a promise. */
  from(start: number): MaybePromise<void> {
    const { matching, progress } = this;
    for (let i = start; i < matching.length; i++) {
      const r = matching[i] as Registration;
      if (progress?.done.has(r.name)) continue;
      let settled: unknown;
      try {
        settled = (r.handler as PaymentEventHandler)(this.event, this.context);
      } catch (error) {
        (this.#failures ??= []).push({ handler: r.name, error });
        continue;
      }
      if (isThenable(settled)) return this.#after(settled, r.name, i);
      if (this.#track) {
        const saved = (progress as DispatchProgress).completed(r.name);
        if (isThenable(saved)) return Promise.resolve(saved).then(() => this.from(i + 1));
      }
    }
    if (this.#failures !== undefined) throw handlerFailure(this.event, this.#failures);
  }

  /** Waits for the handler at index `i`, records it, and goes on with the next ones. */
  async #after(settled: PromiseLike<unknown>, name: string, i: number): Promise<void> {
    try {
      await settled;
    } catch (error) {
      (this.#failures ??= []).push({ handler: name, error });
      return this.from(i + 1);
    }
    if (this.#track) await (this.progress as DispatchProgress).completed(name);
    return this.from(i + 1);
  }
}

const matches = (r: Registration, event: PaymentEvent): boolean =>
  (r.types === '*' || r.types.has(event.type)) && (r.providers === undefined || r.providers.has(event.provider));

function handlerFailure(event: PaymentEvent, failures: HandlerFailure[]): PaywireError {
  return paywireError(
    'ERR_HANDLER_FAILED',
    `${failures.length} handler(s) failed for ${event.type} ${event.id}: ${failures.map((f) => f.handler).join(', ')}`,
    {
      provider: event.provider,
      httpStatus: 500,
      cause: failures.length === 1 ? failures[0]?.error : new AggregateError(failures.map((f) => f.error)),
      details: { eventId: event.id, handlers: failures.map((f) => f.handler) },
    },
  );
}

/** True when `err` is a handler failure raised by {@link HandlerRegistry.dispatch}. */
export const isHandlerFailure = (err: unknown): err is PaywireError<'ERR_HANDLER_FAILED'> =>
  isPaywireError(err, 'ERR_HANDLER_FAILED');
