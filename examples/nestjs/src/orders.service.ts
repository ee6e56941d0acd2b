import { Injectable, Logger } from '@nestjs/common';
import type { PaymentEvent } from '@paywire/core';
import { OrderBook, type Order } from '@paywire/example-shop';
import { OnPaymentCanceled, OnPaymentFailed, OnPaymentPaid, OnPaymentPending } from '@paywire/nestjs';

export type { Order };

/**
 * The shop's order book (in memory: an example, not a database) and its payment event handlers. `PaymentsModule`
 * finds the `@OnPayment…()` methods at bootstrap and calls them for every verified, deduplicated event — from a
 * provider's webhook, or from an API answer that proved the payment (Paykassma's activation).
 */
@Injectable()
export class OrdersService {
  readonly #book = new OrderBook();
  readonly #logger = new Logger('Orders');

  /** Records a new pending order. */
  create(input: Parameters<OrderBook['create']>[0]): Order {
    return this.#book.create(input);
  }

  get(id: string): Order | undefined {
    return this.#book.get(id);
  }

  /** Every order, newest first. */
  list(): Order[] {
    return this.#book.list();
  }

  @OnPaymentPaid()
  onPaid(event: PaymentEvent): void {
    this.#apply(event);
  }

  @OnPaymentFailed()
  onFailed(event: PaymentEvent): void {
    this.#apply(event);
  }

  @OnPaymentCanceled()
  onCanceled(event: PaymentEvent): void {
    this.#apply(event);
  }

  /** A pending event (Paylican's "payment initiated") changes nothing but is shown on the order page. */
  @OnPaymentPending()
  onPending(event: PaymentEvent): void {
    this.#apply(event);
  }

  /** Applies the event to its order (a paid order never goes back to failed: see OrderBook.apply). */
  #apply(event: PaymentEvent): void {
    const amount = event.amount
      ? ` ${event.amount.value} ${event.amount.currency ?? ''} (${event.amount.unit} unit)`
      : '';
    this.#logger.log(
      `${event.type} from ${event.provider} (${event.source}): order ${event.paymentId ?? '(none)'}${amount}`,
    );
    if (!this.#book.apply(event)) this.#logger.warn(`${event.type} for unknown order ${event.paymentId ?? '(none)'}`);
  }
}
