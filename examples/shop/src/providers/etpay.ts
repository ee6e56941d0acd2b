import type { ShopProvider } from './types.js';

/** ETpay in the shop. */
export const etpay: ShopProvider<'etpay'> = {
  price: { amount: '9990', currency: 'CLP', label: '9 990 CLP (bank transfer)' },
  options: (env, sandbox) => ({
    apiUrl: env.ETPAY_API_URL ?? sandbox.etpay.apiUrl,
    pmtUrl: env.ETPAY_PMT_URL ?? sandbox.etpay.pmtUrl,
    merchantCode: env.ETPAY_MERCHANT_CODE ?? sandbox.etpay.merchantCode,
    merchantApiToken: env.ETPAY_MERCHANT_API_TOKEN ?? sandbox.etpay.merchantApiToken,
  }),
  async checkout(paywire, order, urls, orderPage) {
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
  },
};

declare module './types.js' {
  interface ShopProviderFiles {
    etpay: typeof etpay;
  }
}
