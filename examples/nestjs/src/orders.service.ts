import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { PaymentEvent, ProviderName } from '@paywire/core';
import { OnPaymentCanceled, OnPaymentFailed, OnPaymentPaid, OnPaymentPending } from '@paywire/nestjs';

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

/**
 * The shop's order book (in memory: an example, not a database) and its payment event handlers. `PaymentsModule`
 * finds the `@OnPayment…()` methods at bootstrap and calls them for every verified, deduplicated event — from a
 * provider's webhook, or from an API answer that proved the payment (Paykassma's activation).
 */
@Injectable()
export class OrdersService {
  readonly #orders = new Map<string, Order>();
  readonly #logger = new Logger('Orders');

  /** Records a new pending order. */
  create(input: Pick<Order, 'provider' | 'product' | 'amount' | 'currency' | 'customer'>): Order {
    // ETpay accepts only alphanumeric order ids (≤ 64), so every order id is.
    const order: Order = { ...input, id: `ORD${randomBytes(5).toString('hex').toUpperCase()}`, status: 'pending', checkout: {}, events: [] };
    this.#orders.set(order.id, order);
    return order;
  }

  get(id: string): Order | undefined {
    return this.#orders.get(id);
  }

  /** Every order, newest first. */
  list(): Order[] {
    return [...this.#orders.values()].reverse();
  }

  @OnPaymentPaid()
  onPaid(event: PaymentEvent): void {
    this.#apply(event, 'paid');
  }

  @OnPaymentFailed()
  onFailed(event: PaymentEvent): void {
    this.#apply(event, 'failed');
  }

  @OnPaymentCanceled()
  onCanceled(event: PaymentEvent): void {
    this.#apply(event, 'canceled');
  }

  /** A pending event (Paylican's "payment initiated") changes nothing but is shown on the order page. */
  @OnPaymentPending()
  onPending(event: PaymentEvent): void {
    this.#apply(event, undefined);
  }

  /** A paid order never goes back to failed: a late failure for an earlier attempt must not undo a payment. */
  #apply(event: PaymentEvent, status: Order['status'] | undefined): void {
    const amount = event.amount ? ` ${event.amount.value} ${event.amount.currency ?? ''} (${event.amount.unit} unit)` : '';
    this.#logger.log(`${event.type} from ${event.provider} (${event.source}): order ${event.paymentId ?? '(none)'}${amount}`);
    const order = event.paymentId ? this.#orders.get(event.paymentId) : undefined;
    if (!order) return void this.#logger.warn(`${event.type} for unknown order ${event.paymentId ?? '(none)'}`);
    order.events.push(event);
    if (status && order.status !== 'paid') order.status = status;
  }
}
