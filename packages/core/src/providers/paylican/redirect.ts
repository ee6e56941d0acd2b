import { keycloakEndpoints } from './config.js';

/** The URLs and client id a redirect is built from (the provider options fit). */
export interface PaylicanRedirectConfig {
  /** Keycloak server URL (or its token endpoint), as in the provider options. */
  keycloakUrl: string;
  /** Keycloak realm. @default 'PGW' */
  realm?: string;
  /** Payment API base URL (no trailing slash needed). */
  paymentUrl: string;
  /** Keycloak client id written in the URL. @default 'invoice-system-client' */
  clientId?: string;
}

/** Which payment page to send the customer to. */
export interface PaylicanRedirectTarget {
  /** The payment type used in `createPayment`. */
  type: string;
  merchantReference: string;
  /** The `invoiceId` `createPayment` returned. */
  invoiceId: string;
}

/** Options of {@link paymentRedirectUrl}. */
export interface PaylicanRedirectOptions {
  /**
   * Append `response_type=code&scope=openid` (seen in real integrations; stock Keycloak refuses an
   * authorization request without `response_type`). `false` gives exactly the documented URL.
   * @default true
   */
  oidcParams?: boolean;
}

/**
 * Builds the URL that sends the customer to Paylican's payment page: Keycloak's login with
 * `redirect_uri={paymentUrl}/api/v1/pay/{type}/{merchantReference}/{invoiceId}`. Each path segment is
 * percent-encoded, then the whole `redirect_uri` is encoded as a query value.
 *
 * @example
 * ```ts
 * import { paymentRedirectUrl } from '@paywire/core/paylican'
 * const url = paymentRedirectUrl(
 *   { keycloakUrl: 'https://sso.example.com', paymentUrl: 'https://pay.example.com' },
 *   { type: 'XYZ', merchantReference: 'REF-1234', invoiceId: 'XYZ2024-ade08' },
 * )
 * ```
 * @throws TypeError when a target field is empty.
 */
export function paymentRedirectUrl(
  config: PaylicanRedirectConfig,
  target: PaylicanRedirectTarget,
  options: PaylicanRedirectOptions = {},
): string {
  for (const key of ['type', 'merchantReference', 'invoiceId'] as const) {
    if (typeof target[key] !== 'string' || target[key] === '')
      throw new TypeError(`paymentRedirectUrl: ${key} must be a non-empty string`);
  }
  const segments = [target.type, target.merchantReference, target.invoiceId].map(encodeURIComponent).join('/');
  const redirectUri = `${config.paymentUrl.replace(/\/+$/, '')}/api/v1/pay/${segments}`;
  const params = [
    `client_id=${encodeURIComponent(config.clientId ?? 'invoice-system-client')}`,
    `redirect_uri=${encodeURIComponent(redirectUri)}`,
  ];
  if (options.oidcParams ?? true) params.push('response_type=code', 'scope=openid');
  return `${keycloakEndpoints(config.keycloakUrl, config.realm).authorizationUrl}?${params.join('&')}`;
}
