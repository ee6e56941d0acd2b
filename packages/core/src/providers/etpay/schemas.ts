import { z } from 'zod';
import { isValidRut } from './rut.js';

/** The bank codes ETpay documents for `user_bank_code` (pre-selects the customer's bank). */
export const ETPAY_BANK_CODES = [
  'cl_estado',
  'cl_santander',
  'cl_bch',
  'cl_bci',
  'cl_falabella',
  'cl_itau',
  'cl_scotiabank',
] as const;

/** One of {@link ETPAY_BANK_CODES}. */
export type EtpayBankCode = (typeof ETPAY_BANK_CODES)[number];

const httpUrl = () => z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

/** One metadata entry of a session (`show: true` displays it to the customer on ETpay's page). */
export const etpayMetadataSchema = z.object({
  name: z.string().min(1, 'must not be empty'),
  value: z.string(),
  /** Whether ETpay shows the entry to the customer. @default false */
  show: z.boolean().default(false),
});

/** Input of `paywire.etpay.initializeSession`. */
export const initializeSessionInputSchema = z.object({
  /** Your order id: letters and digits only, at most 64 (ETpay's documented format). */
  merchantOrderId: z
    .string()
    .regex(/^[A-Za-z0-9]{1,64}$/, 'must be 1 to 64 letters or digits (ETpay allows alphanumeric ids only)'),
  /** Amount in whole Chilean pesos (CLP has no minor unit). */
  orderAmount: z
    .number()
    .int('must be an integer number of CLP')
    .positive('must be positive')
    .max(Number.MAX_SAFE_INTEGER, 'is too large'),
  customerEmail: z.email('must be an e-mail address').optional(),
  metadata: z.array(etpayMetadataSchema).optional(),
  /** Pre-selects the customer's bank. */
  userBankCode: z.enum(ETPAY_BANK_CODES, { error: `must be one of ${ETPAY_BANK_CODES.join(', ')}` }).optional(),
  /** The customer's RUT, e.g. `12.345.678-5` or `12345678-5` (the check digit is verified); sent as given. */
  userRut: z
    .string()
    .refine(isValidRut, 'must be a valid Chilean RUT with its check digit, e.g. 12345678-5')
    .optional(),
  /** Where the customer returns after paying (cosmetic: only the notification confirms a payment). */
  paymentCompletedUrl: httpUrl().optional(),
  /** Where the customer returns after canceling. */
  paymentCancellationUrl: httpUrl().optional(),
  /** Where ETpay posts the signed notification. Defaults to the provider's `paymentWebhookUrl` option. */
  paymentWebhookUrl: httpUrl().optional(),
});

/** Input of `paywire.etpay.checkPaymentStatus`: exactly one of the three keys. */
export const checkPaymentStatusInputSchema = z
  .strictObject({
    merchantOrderId: z.string().min(1, 'must not be empty').optional(),
    sessionToken: z.string().min(1, 'must not be empty').optional(),
    paymentToken: z.string().min(1, 'must not be empty').optional(),
  })
  .refine(
    (v) => [v.merchantOrderId, v.sessionToken, v.paymentToken].filter((x) => x !== undefined).length === 1,
    'give exactly one of merchantOrderId, sessionToken, paymentToken',
  );

/** ETpay's answer to `POST /session/initialize`. Integrations see `token`; the docs call it `session_token`. */
export const initializeSessionResponseSchema = z
  .looseObject({
    token: z.string().min(1).optional(),
    session_token: z.string().min(1).optional(),
    signature_token: z.string().min(1),
  })
  .refine((r) => r.session_token !== undefined || r.token !== undefined, {
    message: 'neither token nor session_token is present',
    path: ['session_token'],
  })
  .transform((r) => ({ sessionToken: (r.session_token ?? r.token) as string, signatureToken: r.signature_token }));

/** An id or amount ETpay may write as text or as a number; kept as sent (raw payloads stay exact). */
const idValue = z.union([z.string(), z.number()]);

/**
 * ETpay's answer to `POST /merchant/check_payment_status`. Its shape is not published: paywire requires a JSON
 * object with a `payment_status` (or `status`) text and keeps every other member.
 */
export const checkPaymentStatusResponseSchema = z
  .looseObject({
    payment_status: z.string().min(1).optional(),
    status: z.string().min(1).optional(),
    merchant_order_id: idValue.optional(),
    session_token: z.string().optional(),
    payment_token: z.string().optional(),
    order_amount: idValue.optional(),
  })
  .refine((r) => r.payment_status !== undefined || r.status !== undefined, {
    message: 'neither payment_status nor status is present',
    path: ['payment_status'],
  });

/** The claims of a verified ETpay notification JWT (claims not listed here are kept). */
export const etpayNotificationClaimsSchema = z.looseObject({
  session_token: z.string().min(1),
  /** `"success"` when paid; anything else is a failure and becomes the failure code. */
  payment_status: z.string().min(1),
  payment_token: z.string().min(1).optional(),
  user_rut: z.string().optional(),
  /** Not confirmed by ETpay's docs: compared with the stored session when present. */
  merchant_order_id: idValue.optional(),
  /** Not confirmed by ETpay's docs: compared with the stored session when present. */
  order_amount: idValue.optional(),
  iat: z.number().optional(),
  exp: z.number().optional(),
  nbf: z.number().optional(),
});

/** The verified claims of an ETpay notification. */
export type EtpayNotificationClaims = z.output<typeof etpayNotificationClaimsSchema>;

declare module '../../events.js' {
  interface ProviderRawPayloads {
    etpay: EtpayNotificationClaims;
  }
}

/** Input of `paywire.etpay.initializeSession`. */
export type InitializeSessionInput = z.input<typeof initializeSessionInputSchema>;
/** Input of `paywire.etpay.checkPaymentStatus`: exactly one of the three keys. */
export type CheckPaymentStatusInput = z.input<typeof checkPaymentStatusInputSchema>;
/** One metadata entry of an ETpay session. */
export type EtpayMetadata = z.input<typeof etpayMetadataSchema>;
