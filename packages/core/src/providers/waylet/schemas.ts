import { z } from 'zod';

const minorUnits = z
  .number()
  .int('must be an integer number of cents')
  .positive('must be positive')
  .max(Number.MAX_SAFE_INTEGER);
const decimalText = z.union([z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal string such as "200"'), minorUnits]);

/** One line of a Waylet basket. */
export const wayletItemSchema = z.object({
  units: z.number().int().positive(),
  description: z.string().min(1),
  unitPrice: z.number().int(),
  totalPrice: z.number().int(),
  /** @default true */
  generateCashback: z.boolean().default(true),
});

/** Input of `paywire.waylet.startPayment`. */
export const startPaymentInputSchema = z.object({
  /** E-mail, phone number or Repsol registration id of the customer the payment is pushed to. */
  customer: z.string().min(1),
  /** Integer amount in cents. */
  amount: minorUnits,
  /** Your unique operation id (unique per commerce). */
  paymentId: z.string().min(1),
  /** Where Waylet posts the result; defaults to the provider's `callbackUrl` option. */
  callbackUrl: z.url({ protocol: /^https?$/ }).optional(),
  items: z.array(wayletItemSchema).default([]),
});

/** Input of `paywire.waylet.startQrPayment`. */
export const startQrPaymentInputSchema = startPaymentInputSchema.omit({ customer: true }).extend({
  /** The content of the QR code the customer scanned. */
  qrContent: z.string().min(1),
});

/** Input of `paywire.waylet.createWebTransaction` (web redirect flow). */
export const createWebTransactionInputSchema = z.object({
  externalId: z.string().min(1),
  /** Amount as sent to Waylet (a string in this endpoint; integers are converted). */
  amount: decimalText.transform(String),
  callbackUrl: z.url({ protocol: /^https?$/ }).optional(),
  urlOk: z.url({ protocol: /^https?$/ }),
  urlKo: z.url({ protocol: /^https?$/ }),
  urlClose: z.url({ protocol: /^https?$/ }),
});

/** Input of `paywire.waylet.cancelPayment`. */
export const cancelPaymentInputSchema = z.object({ paymentId: z.string().min(1) });

/** Input of `paywire.waylet.refundPayment`. */
export const refundPaymentInputSchema = z.object({
  paymentId: z.string().min(1),
  /** Amount to refund, in cents, as a string (integers are converted). */
  amount: decimalText.transform(String),
  items: z.array(wayletItemSchema).optional(),
  /** Which refund endpoint: v2 answers with the refunded amount. @default 'v2' */
  apiVersion: z.enum(['v1', 'v2']).default('v2'),
});

/** Waylet's answer to start / start-qr (201). */
export const startPaymentResponseSchema = z.object({ _id: z.string().min(1) });
/** Waylet's answer to the web transaction endpoint (200). */
export const webTransactionResponseSchema = z.object({ url: z.url() });
/** Waylet's answer to the v2 refund (200). */
export const refundV2ResponseSchema = z.object({ refundedAmount: z.union([z.string(), z.number()]).transform(String) });

/** The statuses Waylet documents in callbacks (both spellings of canceled occur). */
export const WAYLET_STATUSES = ['PAID', 'REFUSED', 'CANCELED', 'CANCELLED'] as const;

/**
 * A Waylet callback body as received. Lengths are capped far above anything Waylet sends (ids are 24 hex
 * characters, a SHA-512 signature 128), so a refused body never costs an HMAC over a megabyte.
 */
export const wayletCallbackSchema = z.object({
  paymentId: z.string().min(1).max(1024),
  wayletPaymentId: z.string().min(1).max(1024),
  status: z.string().min(1).max(64),
  errorCode: z
    .union([z.string().max(1024), z.number()])
    .optional()
    .nullable(),
  errorDescription: z.string().max(8192).optional().nullable(),
  amount: z.union([z.number(), z.string().max(64)]),
  signature: z.string().min(1).max(512),
});

/** A Waylet callback body. */
export type WayletCallback = z.infer<typeof wayletCallbackSchema>;

declare module '../../events.js' {
  interface ProviderRawPayloads {
    waylet: WayletCallback;
  }
}

/** Input of `paywire.waylet.startPayment`. */
export type StartPaymentInput = z.input<typeof startPaymentInputSchema>;
/** Input of `paywire.waylet.startQrPayment`. */
export type StartQrPaymentInput = z.input<typeof startQrPaymentInputSchema>;
/** Input of `paywire.waylet.createWebTransaction`. */
export type CreateWebTransactionInput = z.input<typeof createWebTransactionInputSchema>;
/** Input of `paywire.waylet.cancelPayment`. */
export type CancelPaymentInput = z.input<typeof cancelPaymentInputSchema>;
/** Input of `paywire.waylet.refundPayment`. */
export type RefundPaymentInput = z.input<typeof refundPaymentInputSchema>;
/** One basket line of a Waylet payment. */
export type WayletItem = z.input<typeof wayletItemSchema>;
