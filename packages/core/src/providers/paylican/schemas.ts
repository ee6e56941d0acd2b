import { z } from 'zod';

/** A positive amount in the major unit: a decimal string with up to 2 fraction digits, or a safe integer. */
export const paylicanAmountSchema = z.union([
  z
    .string()
    .regex(
      /^\d{1,13}(\.\d{1,2})?$/,
      'must be a decimal string with at most 13 integer and 2 fraction digits, e.g. "5100.00"',
    )
    .refine((s) => /[1-9]/.test(s), 'must be greater than zero'),
  z
    .number()
    .int('must be an integer or a decimal string such as "5100.50" (no binary floats)')
    .positive('must be greater than zero')
    .max(Number.MAX_SAFE_INTEGER),
]);

/** One `{ code, value }` meta field sent back in the webhook's `data.additionalFields`. */
export const additionalFieldSchema = z.strictObject({
  code: z.string().min(1, 'must not be empty').max(255, 'must be at most 255 characters'),
  value: z.string(),
});

/** Input of `paywire.paylican.createPayment`. */
export const createPaymentInputSchema = z.strictObject({
  /** Exact amount in the major unit: `"5100.00"` or an integer `5100`. */
  amount: paylicanAmountSchema,
  /** Payment type agreed with Paylican (also a segment of the redirect URL). */
  type: z.string().min(1, 'must not be empty'),
  /** The code of the customer who is billed. */
  customerCode: z.string().min(1, 'must not be empty'),
  /** Your reference of the document paid; comes back as `data.documentNo` in webhooks. */
  merchantReference: z.string().min(1, 'must not be empty'),
  /** Where the customer lands after paying (absolute http(s) URL, at most 900 characters). */
  redirectionUrl: z
    .string()
    .max(900, 'must not exceed 900 characters (Paylican limit)')
    .refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), 'must be an absolute http(s) URL'),
  /** What is paid for. */
  itemName: z.string().min(1).optional(),
  /** Beneficiary code agreed with Paylican. */
  beneficiaryCode: z.string().min(1).optional(),
  /** Meta fields echoed in webhooks; codes must be unique. */
  additionalFields: z
    .array(additionalFieldSchema)
    .max(100, 'at most 100 fields')
    .refine((fields) => new Set(fields.map((f) => f.code)).size === fields.length, 'codes must be unique')
    .optional(),
});

/** Input of `paywire.paylican.createPayment`. */
export type CreatePaymentInput = z.input<typeof createPaymentInputSchema>;
/** One additional field. */
export type AdditionalField = z.infer<typeof additionalFieldSchema>;

/** Paylican's answer to `POST /api/v1/payment`. */
export const createPaymentResponseSchema = z.looseObject({
  invoiceId: z.string().min(1),
  merchantReference: z.string().optional(),
});

/** Keycloak's token response (RFC 6749 §5.1). */
export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  /** Seconds. */
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1).optional(),
  /** Seconds; 0 means the refresh token does not expire on a timer (offline tokens). */
  refresh_expires_in: z.number().nonnegative().optional(),
  token_type: z.string().optional(),
});

/** A Keycloak token response. */
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** The `data` member of a Paylican webhook: the invoice. */
export const paylicanInvoiceSchema = z.looseObject({
  /** Invoice id. */
  id: z.string().min(1),
  status: z.string().min(1),
  totalAmount: z.union([z.number(), z.string()]).optional(),
  /** Your merchant reference. */
  documentNo: z.string().optional().nullable(),
  /** Transaction reference. */
  paymentNo: z.string().optional().nullable(),
  paymentDate: z.string().optional().nullable(),
  paymentMode: z.string().optional().nullable(),
  collector: z.string().optional().nullable(),
  bankCode: z.string().optional().nullable(),
  additionalFields: z
    .array(z.looseObject({ code: z.string().optional().nullable(), value: z.string().optional().nullable() }))
    .optional()
    .nullable(),
});

/** A Paylican webhook body. */
export const paylicanWebhookSchema = z.looseObject({
  /** Webhook id (a Java long: its exact text is used for deduplication). */
  id: z.union([z.number().nonnegative(), z.string().regex(/^\d+$/, 'must be a number')]),
  type: z.string().min(1),
  data: paylicanInvoiceSchema,
  createdAt: z.string().optional().nullable(),
  pendingWebhooks: z.number().int().optional().nullable(),
});

/** A Paylican webhook body as received. */
export type PaylicanWebhook = z.infer<typeof paylicanWebhookSchema>;

declare module '../../events.js' {
  interface ProviderRawPayloads {
    paylican: PaylicanWebhook;
  }
}
