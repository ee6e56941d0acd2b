import { isIP } from 'node:net';
import { z } from 'zod';
import { baseUrlString, secretString } from '../../lib/config.js';

const TOKEN_ENDPOINT = /\/protocol\/openid-connect\/token$/;

const GUARD_REQUIRED =
  'is required: Paylican webhooks carry no signature; configure { token }, { basic: { username, password } }, { allowIps } or explicitly { insecureNoAuth: true }';

/**
 * Keycloak's token and authorization endpoints for a server URL and realm. A `keycloakUrl` that already is the
 * token endpoint (`…/protocol/openid-connect/token`) is used as is.
 *
 * @example
 * ```ts
 * import { keycloakEndpoints } from './config.js'
 * keycloakEndpoints('https://sso.example.com', 'PGW').tokenUrl // 'https://sso.example.com/auth/realms/PGW/protocol/openid-connect/token'
 * ```
 */
export function keycloakEndpoints(keycloakUrl: string, realm = 'PGW'): { tokenUrl: string; authorizationUrl: string } {
  const base = keycloakUrl.replace(/\/+$/, '');
  const tokenUrl = TOKEN_ENDPOINT.test(base)
    ? base
    : `${base}/auth/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`;
  return { tokenUrl, authorizationUrl: tokenUrl.replace(TOKEN_ENDPOINT, '/protocol/openid-connect/auth') };
}

/** A webhook guard token: long enough not to be guessed, and made of URL-safe characters only. */
const guardToken = () =>
  secretString()
    .min(16, 'must be at least 16 characters (a random, unguessable value)')
    .regex(/^[A-Za-z0-9._~-]+$/, 'may only contain letters, digits and . _ ~ - (it travels in the URL)');

/** True when `entry` is an IPv4/IPv6 address or a CIDR block (`10.0.0.0/8`, `2001:db8::/32`). */
export function isIpOrCidr(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * How the Paylican webhook endpoint authenticates deliveries. Paylican signs nothing, so at least one guard is
 * required; several may be combined (every configured guard must pass).
 */
export const paylicanWebhookAuthSchema = z
  .object(
    {
      /** A secret token that must appear in the webhook URL (compared in constant time). */
      token: guardToken().optional(),
      /** Where the token travels: `?token=…` (query) or `/webhooks/paylican/<token>` (path). @default 'query' */
      tokenIn: z.enum(['query', 'path']).default('query'),
      /** Query parameter holding the token. @default 'token' */
      queryParam: z
        .string()
        .regex(/^[A-Za-z0-9._~-]+$/, 'must be a plain parameter name')
        .default('token'),
      /** HTTP Basic credentials Paylican sends (`https://user:pass@host/…` in the merchant profile). */
      basic: z
        .object({
          username: z
            .string()
            .min(1, 'must not be empty')
            .refine((s) => !s.includes(':'), 'must not contain ":"'),
          password: secretString(),
        })
        .optional(),
      /** Addresses and CIDR blocks (IPv4 or IPv6) Paylican calls from; others get 403. */
      allowIps: z
        .array(z.string().refine(isIpOrCidr, 'must be an IP address or a CIDR block such as 10.0.0.0/8'))
        .min(1, 'must list at least one address')
        .optional(),
      /**
       * Read the client address from `X-Forwarded-For`: `true` takes its leftmost entry (every proxy trusted);
       * a number `n` trusts that many proxy hops in front of this server. @default false (the TCP peer address)
       */
      trustProxy: z.union([z.boolean(), z.number().int().min(1)]).default(false),
      /**
       * Accept unauthenticated deliveries (a warning is logged at start). Anyone who finds the URL can forge payments.
       */
      insecureNoAuth: z.literal(true).optional(),
    },
    { error: (issue) => (issue.input === undefined ? GUARD_REQUIRED : undefined) },
  )
  .strict()
  .superRefine((auth, ctx) => {
    const guards = [auth.token, auth.basic, auth.allowIps].filter((g) => g !== undefined).length;
    if (guards === 0 && !auth.insecureNoAuth) {
      ctx.addIssue({ code: 'custom', message: GUARD_REQUIRED });
    }
    if (guards > 0 && auth.insecureNoAuth)
      ctx.addIssue({ code: 'custom', path: ['insecureNoAuth'], message: 'cannot be combined with a guard; remove it' });
    if (auth.trustProxy !== false && !auth.allowIps)
      ctx.addIssue({ code: 'custom', path: ['trustProxy'], message: 'only applies together with allowIps' });
  });

/** Options of the Paylican provider. */
export const paylicanConfigSchema = z
  .object({
    /**
     * Keycloak server URL, e.g. `https://sso.example.com` (the token and login URLs are derived with `realm`).
     * The full token endpoint (`…/protocol/openid-connect/token`) is accepted too.
     */
    keycloakUrl: baseUrlString(),
    /** Keycloak realm. @default 'PGW' */
    realm: z.string().min(1).default('PGW'),
    /** Payment API base URL (`{paymentUrl}/api/v1/payment`). */
    paymentUrl: baseUrlString(),
    /** Invoice System base URL, needed only by `voidInvoice` (`PATCH {invoiceSystemUrl}/{invoiceId}/void`). */
    invoiceSystemUrl: baseUrlString().optional(),
    /** Keycloak user of your merchant account. */
    username: z.string({ error: 'is required' }).min(1, 'must not be empty'),
    /** Its password (redacted from every log line and error). */
    password: secretString(),
    /** Keycloak client id for tokens. @default 'invoice-system-client' */
    clientId: z.string().min(1).default('invoice-system-client'),
    /** Client id in the payment-page redirect URL. @default the `clientId` */
    redirectClientId: z.string().min(1).optional(),
    /** Add `response_type=code&scope=openid` to redirect URLs (stock Keycloak requires them). @default true */
    redirectOidcParams: z.boolean().default(true),
    /** Renew the access token this long before it expires (at most half its lifetime). @default 30000 */
    tokenRenewSkewMs: z.number().int().nonnegative().default(30_000),
    /** How the webhook endpoint authenticates deliveries (required: Paylican signs nothing). */
    webhookAuth: paylicanWebhookAuthSchema,
  })
  .transform((c) => ({
    ...c,
    ...keycloakEndpoints(c.keycloakUrl, c.realm),
    redirectClientId: c.redirectClientId ?? c.clientId,
  }));

/** Paylican options as you write them. */
export type PaylicanOptions = z.input<typeof paylicanConfigSchema>;
/** Paylican options after defaults (with the derived `tokenUrl` and `authorizationUrl`). */
export type PaylicanConfig = z.output<typeof paylicanConfigSchema>;
/** Webhook guard options as you write them. */
export type PaylicanWebhookAuthOptions = z.input<typeof paylicanWebhookAuthSchema>;
/** Webhook guard options after defaults. */
export type PaylicanWebhookAuth = z.output<typeof paylicanWebhookAuthSchema>;
