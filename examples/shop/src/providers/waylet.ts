import type { ShopProvider } from './types.js';

/** Waylet in the shop. */
export const waylet: ShopProvider<'waylet'> = {
  price: { amount: '1250', currency: 'EUR', label: '12.50 € (Waylet counts cents)' },
  options: (env, sandbox) => ({
    baseUrl: env.WAYLET_BASE_URL ?? sandbox.waylet.baseUrl,
    apiKey: env.WAYLET_API_KEY ?? sandbox.waylet.apiKey,
    commerceId: env.WAYLET_COMMERCE_ID ?? sandbox.waylet.commerceId,
    secret: env.WAYLET_SECRET ?? sandbox.waylet.secret,
  }),
  async checkout(paywire, order, urls, orderPage) {
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
  },
};

declare module './types.js' {
  interface ShopProviderFiles {
    waylet: typeof waylet;
  }
}
