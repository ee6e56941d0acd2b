import type { ShopProvider } from './types.js';

/** Paylican in the shop. */
export const paylican: ShopProvider<'paylican'> = {
  price: { amount: '5100.00', currency: 'XAF', label: '5 100.00 XAF' },
  options: (env, sandbox) => ({
    ...sandbox.paylican,
    ...(env.PAYLICAN_KEYCLOAK_URL ? { keycloakUrl: env.PAYLICAN_KEYCLOAK_URL } : {}),
    ...(env.PAYLICAN_PAYMENT_URL ? { paymentUrl: env.PAYLICAN_PAYMENT_URL } : {}),
    ...(env.PAYLICAN_INVOICE_SYSTEM_URL ? { invoiceSystemUrl: env.PAYLICAN_INVOICE_SYSTEM_URL } : {}),
    clientId: env.PAYLICAN_CLIENT_ID ?? sandbox.paylican.clientId,
    username: env.PAYLICAN_USERNAME ?? sandbox.paylican.username,
    password: env.PAYLICAN_PASSWORD ?? sandbox.paylican.password,
    webhookAuth: { token: env.PAYLICAN_WEBHOOK_TOKEN ?? sandbox.paylican.webhookAuth.token },
  }),
  async checkout(paywire, order, _urls, orderPage) {
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
  },
};

declare module './types.js' {
  interface ShopProviderFiles {
    paylican: typeof paylican;
  }
}
