import { Inject, Injectable } from '@nestjs/common';
import { PROVIDER_NAMES, type ProviderName } from '@paywire/core';
import { InjectPaywire, type Paywire } from '@paywire/nestjs';
import { SHOP_CONFIG, type ShopConfig } from './config.js';
import { activateWavepay, startCheckout, type Order } from '@paywire/example-shop';

/** Starts payments with the providers, through the paywire client that `PaymentsModule` provides. */
@Injectable()
export class CheckoutService {
  constructor(
    @InjectPaywire() private readonly paywire: Paywire,
    @Inject(SHOP_CONFIG) private readonly config: ShopConfig,
  ) {}

  /** The configured providers, in the order the home page offers them. */
  get providers(): readonly ProviderName[] {
    return this.paywire.providers;
  }

  /** Whether `name` is a provider this shop takes payments with. */
  accepts(name: string): name is ProviderName {
    return (PROVIDER_NAMES as readonly string[]).includes(name) && this.paywire.isConfigured(name);
  }

  /**
   * Starts the payment of an order with its provider and returns where to send the customer next (the whole
   * integration per provider is `startCheckout` in the shared shop code: one `switch` branch each).
   * @throws PaywireError when the provider refuses or cannot be reached.
   */
  start(order: Order): Promise<string> {
    return startCheckout(this.paywire, order, { shop: this.config.publicUrl });
  }

  /**
   * Paykassma's second step: the customer typed the Wavepay transaction number. An `ok` answer credits now
   * (paywire dispatches `payment.paid` to the `@OnPaymentPaid()` handlers right away, and the later postback is a
   * duplicate); `pending` means the postback will tell. Returns a notice for the order page.
   * @throws PaywireError when Paykassma cannot be reached or refuses the request.
   */
  activateWavepay(order: Order, transactionNumber: string): Promise<string> {
    return activateWavepay(this.paywire, order, transactionNumber);
  }
}
