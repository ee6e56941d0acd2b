import { PaywireError, paywireError } from '../errors.js';
import { PAYMENT_EVENT_TYPES, PROVIDER_NAMES, type PaymentEvent, type PaymentEventType, type ProviderName } from '../events.js';

/** Which events a handler receives. `'*'` matches every type. */
export type EventSelector = PaymentEventType | readonly PaymentEventType[] | '*';

/** Narrows a handler to some providers. */
export interface HandlerFilter<P extends ProviderName = ProviderName> {
  /** Only events from this provider (or these providers). */
  provider?: P | readonly P[];
}

/** A payment event handler. Throwing (or rejecting) makes the delivery answer 5xx so the provider retries. */
export type PaymentEventHandler<P extends ProviderName = ProviderName> = (event: PaymentEvent<P>) => unknown;

interface Registration {
  types: ReadonlySet<PaymentEventType> | '*';
  providers: ReadonlySet<ProviderName> | undefined;
  handler: PaymentEventHandler<never>;
  name: string;
}

/** One handler's failure inside a dispatch. */
export interface HandlerFailure {
  handler: string;
  error: unknown;
}

/** The handler registry of one paywire instance. Internal; reached through `paywire.on`. */
export class HandlerRegistry {
  readonly #registrations: Registration[] = [];

  /** Registers a handler; returns a function that removes it. */
  add(selector: EventSelector, filter: HandlerFilter | undefined, handler: PaymentEventHandler<never>): () => void {
    if (typeof handler !== 'function') throw new TypeError('paywire.on: the handler must be a function');
    const types = selector === '*' ? '*' : new Set(typeof selector === 'string' ? [selector] : selector);
    if (types !== '*') {
      for (const t of types) if (!PAYMENT_EVENT_TYPES.includes(t)) throw new TypeError(`paywire.on: unknown event type "${String(t)}"; expected one of ${PAYMENT_EVENT_TYPES.join(', ')}`);
    }
    const list = filter?.provider === undefined ? undefined : typeof filter.provider === 'string' ? [filter.provider] : filter.provider;
    if (list) for (const p of list) if (!PROVIDER_NAMES.includes(p)) throw new TypeError(`paywire.on: unknown provider "${String(p)}"`);
    const registration: Registration = { types, providers: list && new Set(list), handler, name: handler.name || 'anonymous handler' };
    this.#registrations.push(registration);
    return () => {
      const i = this.#registrations.indexOf(registration);
      if (i >= 0) this.#registrations.splice(i, 1);
    };
  }

  /** How many handlers would receive this event. */
  count(event: PaymentEvent): number {
    return this.#matching(event).length;
  }

  /**
   * Runs every matching handler, one after another in registration order; every handler runs even when an
   * earlier one fails.
   * @throws PaywireError `ERR_HANDLER_FAILED` with the failures in `cause` when any handler failed.
   */
  async dispatch(event: PaymentEvent): Promise<void> {
    const failures: HandlerFailure[] = [];
    for (const r of this.#matching(event)) {
      try {
        await (r.handler as PaymentEventHandler)(event);
      } catch (error) {
        failures.push({ handler: r.name, error });
      }
    }
    if (failures.length > 0) {
      throw paywireError('ERR_HANDLER_FAILED', `${failures.length} handler(s) failed for ${event.type} ${event.id}: ${failures.map((f) => f.handler).join(', ')}`, {
        provider: event.provider,
        httpStatus: 500,
        cause: failures.length === 1 ? failures[0]?.error : new AggregateError(failures.map((f) => f.error)),
        details: { eventId: event.id, handlers: failures.map((f) => f.handler) },
      });
    }
  }

  #matching(event: PaymentEvent): Registration[] {
    return this.#registrations.filter(
      (r) => (r.types === '*' || r.types.has(event.type)) && (r.providers === undefined || r.providers.has(event.provider)),
    );
  }
}
