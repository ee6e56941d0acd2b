import type { PaywireOptions } from '@paywire/core';
import { sandboxProviders } from '@paywire/sandbox';

type Env = Record<string, string | undefined>;

/**
 * Provider options from environment variables, each defaulting to the local sandbox's test credentials
 * (`SANDBOX_URL`, default http://127.0.0.1:4010). `PROVIDERS` (comma-separated) limits which are enabled.
 */
export function providersFromEnv(env: Env = process.env): PaywireOptions['providers'] {
  const sandbox = sandboxProviders(env.SANDBOX_URL ?? 'http://127.0.0.1:4010');
  const enabled = new Set((env.PROVIDERS ?? 'waylet,paylican,paykassma,etpay').split(',').map((s) => s.trim()));
  const pick = <T>(name: string, value: T) => (enabled.has(name) ? { [name]: value } : {});
  return {
    ...pick('waylet', {
      baseUrl: env.WAYLET_BASE_URL ?? sandbox.waylet.baseUrl,
      apiKey: env.WAYLET_API_KEY ?? sandbox.waylet.apiKey,
      commerceId: env.WAYLET_COMMERCE_ID ?? sandbox.waylet.commerceId,
      secret: env.WAYLET_SECRET ?? sandbox.waylet.secret,
    }),
    ...pick('paylican', {
      ...sandbox.paylican,
      ...(env.PAYLICAN_KEYCLOAK_URL ? { keycloakUrl: env.PAYLICAN_KEYCLOAK_URL } : {}),
      ...(env.PAYLICAN_PAYMENT_URL ? { paymentUrl: env.PAYLICAN_PAYMENT_URL } : {}),
      ...(env.PAYLICAN_INVOICE_SYSTEM_URL ? { invoiceSystemUrl: env.PAYLICAN_INVOICE_SYSTEM_URL } : {}),
      username: env.PAYLICAN_USERNAME ?? sandbox.paylican.username,
      password: env.PAYLICAN_PASSWORD ?? sandbox.paylican.password,
      webhookAuth: { token: env.PAYLICAN_WEBHOOK_TOKEN ?? sandbox.paylican.webhookAuth.token },
    }),
    ...pick('paykassma', {
      apiUrl: env.PAYKASSMA_API_URL ?? sandbox.paykassma.apiUrl,
      pluginUrl: env.PAYKASSMA_PLUGIN_URL ?? sandbox.paykassma.pluginUrl,
      apiSecret: env.PAYKASSMA_API_SECRET ?? sandbox.paykassma.apiSecret,
      postbackAccessKey: env.PAYKASSMA_POSTBACK_ACCESS_KEY ?? sandbox.paykassma.postbackAccessKey,
      postbackPrivateKey: env.PAYKASSMA_POSTBACK_PRIVATE_KEY ?? sandbox.paykassma.postbackPrivateKey,
    }),
    ...pick('etpay', {
      apiUrl: env.ETPAY_API_URL ?? sandbox.etpay.apiUrl,
      pmtUrl: env.ETPAY_PMT_URL ?? sandbox.etpay.pmtUrl,
      merchantCode: env.ETPAY_MERCHANT_CODE ?? sandbox.etpay.merchantCode,
      merchantApiToken: env.ETPAY_MERCHANT_API_TOKEN ?? sandbox.etpay.merchantApiToken,
    }),
  } as PaywireOptions['providers'];
}
