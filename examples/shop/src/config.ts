import type { PaywireOptions } from '@paywire/core';
import { sandboxProviders } from '@paywire/sandbox';

/** Environment variables, as `process.env` holds them. */
export type Env = Record<string, string | undefined>;

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
      clientId: env.PAYLICAN_CLIENT_ID ?? sandbox.paylican.clientId,
      username: env.PAYLICAN_USERNAME ?? sandbox.paylican.username,
      password: env.PAYLICAN_PASSWORD ?? sandbox.paylican.password,
      webhookAuth: { token: env.PAYLICAN_WEBHOOK_TOKEN ?? sandbox.paylican.webhookAuth.token },
    }),
    ...pick('paykassma', {
      apiUrl: env.PAYKASSMA_API_URL ?? sandbox.paykassma.apiUrl,
      pluginUrl: env.PAYKASSMA_PLUGIN_URL ?? sandbox.paykassma.pluginUrl,
      apiSecret: env.PAYKASSMA_API_SECRET ?? sandbox.paykassma.apiSecret,
      postbackAccessKey: env.PAYKASSMA_POSTBACK_ACCESS_KEY ?? sandbox.paykassma.postbackAccessKey,
      // A comma-separated list while rotating keys (the reply and the log name the index that matched).
      postbackPrivateKey:
        env.PAYKASSMA_POSTBACK_PRIVATE_KEY?.split(',').map((k) => k.trim()) ?? sandbox.paykassma.postbackPrivateKey,
      // The sandbox sends Paykassma's current flat postbacks; 'auto' also accepts the legacy ones and logs which
      // scheme matched, so you can pin it (flat | transactions | transactions-escaped).
      signatureScheme: (env.PAYKASSMA_SIGNATURE_SCHEME ?? 'auto') as
        'auto' | 'flat' | 'transactions' | 'transactions-escaped',
    }),
    ...pick('etpay', {
      apiUrl: env.ETPAY_API_URL ?? sandbox.etpay.apiUrl,
      pmtUrl: env.ETPAY_PMT_URL ?? sandbox.etpay.pmtUrl,
      merchantCode: env.ETPAY_MERCHANT_CODE ?? sandbox.etpay.merchantCode,
      merchantApiToken: env.ETPAY_MERCHANT_API_TOKEN ?? sandbox.etpay.merchantApiToken,
    }),
  };
}

/** A shop's configuration, read once from the environment (see the examples' READMEs). */
export interface ShopConfig {
  port: number;
  /** @default '127.0.0.1' */
  host: string;
  /** Public base URL of the shop, used in the URLs handed to providers. @default `http://<host>:<port>` */
  publicUrl: string;
  /**
   * The Waylet customer app (the sandbox's app page), linked from a pending Waylet order.
   * @default `<SANDBOX_URL>/waylet/app`
   */
  wayletAppUrl: string;
  /** paywire provider options, each value defaulting to the sandbox's test credentials. */
  providers: PaywireOptions['providers'];
}

/**
 * Reads a shop's configuration from the environment: `PORT` (default `defaultPort`), `HOST`, `PUBLIC_URL`,
 * `WAYLET_APP_URL`, `SANDBOX_URL` and the provider variables of {@link providersFromEnv}.
 * @throws TypeError when `PORT` is not a port number.
 */
export function shopConfigFromEnv(env: Env, defaultPort: number): ShopConfig {
  const port = Number(env.PORT ?? defaultPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError('PORT must be a port number (0-65535)');
  const host = env.HOST ?? '127.0.0.1';
  const sandboxUrl = env.SANDBOX_URL ?? 'http://127.0.0.1:4010';
  return {
    port,
    host,
    publicUrl: (env.PUBLIC_URL ?? `http://${host}:${port}`).replace(/\/+$/, ''),
    wayletAppUrl: env.WAYLET_APP_URL ?? `${sandboxUrl}/waylet/app`,
    providers: providersFromEnv(env),
  };
}
