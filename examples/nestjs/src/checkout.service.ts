import { Inject, Injectable } from '@nestjs/common';
import { PROVIDER_NAMES, type ProviderName } from '@paywire/core';
import { InjectPaywire, type Paywire } from '@paywire/nestjs';
import { SHOP_CONFIG, type ShopConfig } from './config.js';
import type { Order } from './orders.service.js';

/** What one unit of the shop's only product costs with each provider (each provider's own currency and unit). */
export const PRICES: Record<ProviderName, { amount: string; currency: string; label: string }> = {
  waylet: { amount: '1250', currency: 'EUR', label: '12.50 € (Waylet counts cents)' },
  paylican: { amount: '5100.00', currency: 'XAF', label: '5 100.00 XAF' },
  paykassma: { amount: '6000', currency: 'MMK', label: '6 000 MMK (Wavepay)' },
  etpay: { amount: '9990', currency: 'CLP', label: '9 990 CLP (bank transfer)' },
};

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
   * Starts the payment of an order with its provider and returns where to send the customer next.
   * Each branch is the whole integration for that provider.
   * @throws PaywireError when the provider refuses or cannot be reached.
   */
  async start(order: Order): Promise<string> {
    const shop = this.config.publicUrl;
    const orderPage = `${shop}/orders/${order.id}`;
    switch (order.provider) {
      case 'waylet': {
        // Waylet pushes the payment to the customer's app; the result arrives as a signed callback.
        const amount = Number(order.amount);
        const { wayletPaymentId } = await this.paywire.waylet.startPayment({
          customer: order.customer,
          amount,
          paymentId: order.id,
          callbackUrl: `${shop}/webhooks/waylet`,
          items: [{ units: 1, description: order.product, unitPrice: amount, totalPrice: amount }],
        });
        order.checkout.wayletPaymentId = wayletPaymentId;
        return orderPage;
      }
      case 'paylican': {
        // Paylican: create the invoice, then send the customer through Keycloak to the payment page.
        const { invoiceId, redirectUrl } = await this.paywire.paylican.createPayment({
          amount: order.amount,
          type: 'SHOP',
          customerCode: order.customer,
          merchantReference: order.id,
          redirectionUrl: orderPage,
          itemName: order.product,
        });
        order.checkout.invoiceId = invoiceId;
        return redirectUrl;
      }
      case 'paykassma': {
        // Paykassma (Wavepay): show the wallet to pay to; the customer then types the wallet's transaction number.
        const { identifier } = await this.paywire.paykassma.createTransaction({ walletType: 'wavepay', currency: 'MMK', label: order.id });
        order.checkout.wallet = identifier;
        return orderPage;
      }
      case 'etpay': {
        // ETpay: a session per order; paywire keeps its signature token in its store for the notification.
        const session = await this.paywire.etpay.initializeSession({
          merchantOrderId: order.id,
          orderAmount: Number(order.amount),
          customerEmail: order.customer.includes('@') ? order.customer : undefined,
          paymentCompletedUrl: orderPage,
          paymentCancellationUrl: orderPage,
          paymentWebhookUrl: `${shop}/webhooks/etpay`,
        });
        return session.redirectUrl;
      }
    }
  }

  /**
   * Paykassma's second step: the customer paid in the Wavepay app and typed its transaction number.
   * An `ok` answer credits now (paywire dispatches `payment.paid` to the handlers right away, and the later
   * postback is a duplicate); `pending` means the postback will tell. Returns a notice for the order page.
   * @throws PaywireError when Paykassma cannot be reached or refuses the request.
   */
  async activateWavepay(order: Order, transactionNumber: string): Promise<string> {
    const result = await this.paywire.paykassma.activateTransaction({
      walletType: 'wavepay',
      currencyCode: 'MMK',
      label: order.id,
      key1: transactionNumber,
      amount: order.amount,
      customTransactionId: order.id,
    });
    return result.status === 'ok' ? 'credited' : `${result.status}: ${result.message}`;
  }
}
