import { randomBytes } from 'node:crypto';
import type { PaymentEvent, ProviderName } from '@paywire/core';

/** An order of the example shop. */
export interface Order {
  id: string;
  provider: ProviderName;
  product: string;
  /** What the customer pays, as the provider takes it (exact text). */
  amount: string;
  currency: string;
  customer: string;
  status: 'pending' | 'paid' | 'failed' | 'canceled';
  /** Provider data the checkout needs later (wallet identifier, invoice id…). */
  checkout: Record<string, string>;
  events: PaymentEvent[];
}

/** The shop's order book (in memory: an example, not a database). */
export class OrderBook {
  readonly #orders = new Map<string, Order>();

  create(input: Pick<Order, 'provider' | 'product' | 'amount' | 'currency' | 'customer'>): Order {
    // ETpay accepts only alphanumeric order ids (≤ 64), so every order id is.
    const order: Order = {
      ...input,
      id: `ORD${randomBytes(5).toString('hex').toUpperCase()}`,
      status: 'pending',
      checkout: {},
      events: [],
    };
    this.#orders.set(order.id, order);
    return order;
  }

  get(id: string): Order | undefined {
    return this.#orders.get(id);
  }

  list(): Order[] {
    return [...this.#orders.values()].reverse();
  }

  /**
   * Applies a verified payment event. paywire already deduplicated it; a paid order never goes back to
   * failed (a late failure callback for an earlier attempt must not undo a payment).
   */
  apply(event: PaymentEvent): Order | undefined {
    const order = event.paymentId ? this.#orders.get(event.paymentId) : undefined;
    if (!order) return undefined;
    order.events.push(event);
    if (order.status === 'paid') return order;
    if (event.type === 'payment.paid') order.status = 'paid';
    else if (event.type === 'payment.failed') order.status = 'failed';
    else if (event.type === 'payment.canceled') order.status = 'canceled';
    return order;
  }
}
