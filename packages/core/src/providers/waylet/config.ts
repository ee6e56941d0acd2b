import { z } from 'zod';
import { baseUrlString, secretString } from '../../lib/config.js';
import { secretList } from '../../lib/secret-list.js';

/** Options of the Waylet provider. */
export const wayletConfigSchema = z
  .object({
    /** API base URL, e.g. `https://pre.wayletlabs.com/api` (test). Production's is given at onboarding. */
    baseUrl: baseUrlString(),
    /** Sent as the `x-openwaylet-apikey` header. */
    apiKey: secretString(),
    /** Your commerce id, issued by Klikin. */
    commerceId: z.string().min(1, 'must not be empty'),
    /**
     * HMAC-SHA512 secret that signs requests and callbacks. To rotate it, give a list: the first signs every
     * request, any of them verifies a callback, and the reply and the log say which index matched (never the value).
     */
    secret: secretList(),
    /** How signatures are written. @default 'hex' (lowercase; verification accepts either case) */
    signatureEncoding: z.enum(['hex', 'base64']).default('hex'),
    /**
     * @deprecated ignored: the payment ledger keeps which Waylet payment id each `startPayment` got for
     * `ledger.retentionMs` (180 days by default). Accepted so existing configurations keep validating.
     */
    paymentRecordTtlMs: z
      .number()
      .int()
      .positive()
      .default(30 * 24 * 3600 * 1000),
    /** Default `callbackUrl` for payments that do not name one. */
    callbackUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .transform((c) => ({ ...c, secret: c.secret[0], secrets: c.secret }));

/** Waylet options as you write them. */
export type WayletOptions = z.input<typeof wayletConfigSchema>;
/** Waylet options after defaults. */
export type WayletConfig = z.output<typeof wayletConfigSchema>;
