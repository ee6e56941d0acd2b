import type { Paywire, ProviderName } from '@paywire/core';
import type { Order } from './orders.js';

/** What one unit of the shop's only product costs with each provider (each provider's own currency and unit). */
export const PRICES: Record<ProviderName, { amount: string; currency: string; label: string }> = {
  waylet: { amount: '1250', currency: 'EUR', label: '12.50 € (Waylet counts cents)' },
  paylican: { amount: '5100.00', currency: 'XAF', label: '5 100.00 XAF' },
  paykassma: { amount: '6000', currency: 'MMK', label: '6 000 MMK (Wavepay)' },
  etpay: { amount: '9990', currency: 'CLP', label: '9 990 CLP (bank transfer)' },
};

/** URLs the checkout hands to providers. */
export interface CheckoutUrls {
  /** Public base URL of the shop, e.g. `http://127.0.0.1:3000`. */
  shop: string;
  /** Where a Waylet customer's app lives (the sandbox's app page), if known. */
  wayletApp?: string;
}

/**
 * Starts the payment of an order with its provider and returns where to send the customer next.
 * Each branch is the whole integration for that provider.
 */
export async function startCheckout(paywire: Paywire, order: Order, urls: CheckoutUrls): Promise<string> {
  const orderPage = `${urls.shop}/orders/${order.id}`;
  switch (order.provider) {
    case 'waylet': {
      // Waylet pushes the payment to the customer's app; the result arrives as a signed callback.
      const { wayletPaymentId } = await paywire.client('waylet').startPayment({
        customer: order.customer,
        amount: Number(order.amount),
        paymentId: order.id,
        callbackUrl: `${urls.shop}/webhooks/waylet`,
        items: [
          { units: 1, description: order.product, unitPrice: Number(order.amount), totalPrice: Number(order.amount) },
        ],
      });
      order.checkout.wayletPaymentId = wayletPaymentId;
      return orderPage;
    }
    case 'paylican': {
      // Paylican: create the invoice, then send the customer through Keycloak to the payment page.
      const { invoiceId, redirectUrl } = await paywire.client('paylican').createPayment({
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
      const { identifier } = await paywire
        .client('paykassma')
        .createTransaction({ walletType: 'wavepay', currency: 'MMK', label: order.id });
      order.checkout.wallet = identifier;
      return orderPage;
    }
    case 'etpay': {
      // ETpay: a session per order; the signature token is kept in paywire's store for the notification.
      const session = await paywire.client('etpay').initializeSession({
        merchantOrderId: order.id,
        orderAmount: Number(order.amount),
        customerEmail: order.customer.includes('@') ? order.customer : undefined,
        paymentCompletedUrl: orderPage,
        paymentCancellationUrl: orderPage,
        paymentWebhookUrl: `${urls.shop}/webhooks/etpay`,
      });
      return session.redirectUrl;
    }
  }
}

/**
 * Paykassma's second step: the customer paid in the Wavepay app and typed its transaction number.
 * An `ok` answer credits now (paywire dispatches `payment.paid` right away, and the later postback is a duplicate);
 * `pending` means the postback will tell.
 */
export async function activateWavepay(paywire: Paywire, order: Order, transactionNumber: string): Promise<string> {
  const result = await paywire.client('paykassma').activateTransaction({
    walletType: 'wavepay',
    currencyCode: 'MMK',
    label: order.id,
    key1: transactionNumber,
    amount: order.amount,
    customTransactionId: order.id,
  });
  return result.status === 'ok' ? 'credited' : `${result.status}: ${result.message}`;
}
