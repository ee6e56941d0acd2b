/**
 * The sandbox's fixed test credentials. They are public on purpose: use them only with the sandbox.
 * The example apps default to them.
 */
export const sandboxCredentials = {
  waylet: {
    apiKey: 'sandbox-waylet-api-key',
    commerceId: 'sandbox-commerce-0001',
    secret: 'sandbox-waylet-secret',
  },
  paylican: {
    username: 'sandbox-merchant',
    password: 'sandbox-paylican-password',
    clientId: 'invoice-system-client',
    /** The token the sandbox appends to the merchant's Paylican webhook URL (`?token=`). */
    webhookToken: 'sandbox-paylican-webhook-token',
  },
  paykassma: {
    apiSecret: 'sandbox-paykassma-api-secret',
    postbackAccessKey: 'sandbox-paykassma-access-key',
    postbackPrivateKey: 'sandbox-paykassma-private-key',
  },
  etpay: {
    merchantCode: 'sandbox_merchant',
    merchantApiToken: 'sandbox-etpay-api-token',
  },
} as const;

/** Base URLs of each emulated provider below the sandbox's own base URL. */
export function providerUrls(baseUrl: string) {
  return {
    waylet: { baseUrl: `${baseUrl}/waylet/api` },
    paylican: {
      keycloakUrl: `${baseUrl}/paylican/keycloak`,
      paymentUrl: `${baseUrl}/paylican`,
      invoiceSystemUrl: `${baseUrl}/paylican/invoices`,
    },
    paykassma: { apiUrl: `${baseUrl}/paykassma`, pluginUrl: `${baseUrl}/paykassma/plugin` },
    etpay: { apiUrl: `${baseUrl}/etpay/api`, pmtUrl: `${baseUrl}/etpay` },
  };
}
