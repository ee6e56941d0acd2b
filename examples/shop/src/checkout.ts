import { PROVIDER_NAMES, type Paywire, type ProviderName } from '@paywire/core';
import type { Order } from './orders.js';
import { shopProviders } from './providers/index.js';

/** What one unit of the shop's only product costs with each provider (each provider's own currency and unit). */
export const PRICES = Object.fromEntries(PROVIDER_NAMES.map((p) => [p, shopProviders[p].price])) as Record<
  ProviderName,
  { amount: string; currency: string; label: string }
>;

/** URLs the checkout hands to providers. */
export interface CheckoutUrls {
  /** Public base URL of the shop, e.g. `http://127.0.0.1:3000`. */
  shop: string;
  /** Where a Waylet customer's app lives (the sandbox's app page), if known. */
  wayletApp?: string;
}

/**
 * Starts the payment of an order with its provider and returns where to send the customer next.
 * Each provider's whole integration is its file in `providers/`.
 */
export async function startCheckout(paywire: Paywire, order: Order, urls: CheckoutUrls): Promise<string> {
  const orderPage = `${urls.shop}/orders/${order.id}`;
  return shopProviders[order.provider].checkout(paywire, order, urls, orderPage);
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
