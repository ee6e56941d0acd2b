import { z } from 'zod';
import { namesOf, providerList } from './providers/registry.js';

/** The providers paywire supports (derived from the provider registry, in its order). */
export const PROVIDER_NAMES = namesOf(providerList);

/** Name of a supported provider. */
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** The normalized event types every provider's callbacks are mapped to. */
export const PAYMENT_EVENT_TYPES = [
  'payment.pending',
  'payment.paid',
  'payment.failed',
  'payment.canceled',
  'payment.refunded',
] as const;

/** One of the normalized event types. */
export type PaymentEventType = (typeof PAYMENT_EVENT_TYPES)[number];

/** zod schema of an amount: the provider's exact decimal text, never a float. */
export const moneySchema = z.object({
  /** Exact decimal text as the provider sent it, e.g. `"300"` or `"5100.00"`. */
  value: z.string().regex(/^-?\d+(\.\d+)?$/, 'an exact decimal string'),
  /** ISO 4217 code when known. */
  currency: z.string().optional(),
  /**
   * Whether `value` counts the currency's minor unit (Waylet sends cents: `"300"` = 3.00 EUR) or its major
   * unit (`"5100.00"`).
   */
  unit: z.enum(['major', 'minor']),
});

/** An amount as the provider sent it. */
export type Money = z.infer<typeof moneySchema>;

/** zod schema of the provider-independent part of a {@link PaymentEvent}. */
export const paymentEventSchema = z.object({
  id: z.string().min(1),
  provider: z.enum(PROVIDER_NAMES),
  type: z.enum(PAYMENT_EVENT_TYPES),
  paymentId: z.string().optional(),
  providerPaymentId: z.string().optional(),
  amount: moneySchema.optional(),
  /**
   * Why a payment failed, as the provider said it. `verified` says whether the same signature or authentication
   * that proves the event also covers `code` and `message`: Waylet's `errorCode`/`errorDescription` are outside
   * its signature (`verified: false`), so show them, never act on them.
   */
  failure: z.object({ code: z.string().optional(), message: z.string().optional(), verified: z.boolean() }).optional(),
  occurredAt: z.date().optional(),
  receivedAt: z.date(),
  /** Where the confirmation came from: a provider callback, or a synchronous API answer. */
  source: z.enum(['webhook', 'api']),
  raw: z.unknown(),
});

/**
 * Raw payload types per provider. Providers add their payload type here (declaration merging keeps
 * each provider's file self-contained).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ProviderRawPayloads {}

/** The raw payload type of provider `P` (`unknown` until the provider declares it). */
export type RawPayloadOf<P extends ProviderName> = P extends keyof ProviderRawPayloads
  ? ProviderRawPayloads[P]
  : unknown;

/**
 * One normalized payment event, whatever provider sent it. `event.raw` narrows by provider.
 *
 * @typeParam P - the provider; `PaymentEvent<'waylet'>` has a typed `raw`.
 * @example
 * ```ts
 * paywire.on('payment.paid', async (event) => {
 *   await orders.markPaid(event.paymentId, event.amount?.value)
 * })
 * ```
 */
export type PaymentEvent<P extends ProviderName = ProviderName> = P extends ProviderName
  ? Omit<z.infer<typeof paymentEventSchema>, 'provider' | 'raw'> & {
      provider: P;
      raw: RawPayloadOf<P>;
    }
  : never;
