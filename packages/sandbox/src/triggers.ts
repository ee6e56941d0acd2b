import { testing } from '@paywire/core/testing';
import { sandboxCredentials } from './credentials.js';
import { etpayTrigger } from './providers/etpay.js';
import { paykassmaTrigger } from './providers/paykassma.js';
import { paylicanTrigger } from './providers/paylican.js';

/** The outcome a triggered callback reports. */
export type TriggerOutcome = 'paid' | 'failed' | 'canceled';

/** Flags of `paywire trigger`. */
export interface TriggerFlags {
  /** The secret to sign with (defaults to the sandbox's). */
  secret?: string;
  /** The merchant's reference. */
  paymentId?: string;
  amount?: string;
  [flag: string]: string | undefined;
}

/** Builds one signed callback for a provider. */
export type TriggerBuilder = (
  outcome: TriggerOutcome,
  flags: TriggerFlags,
) => TriggerDelivery | Promise<TriggerDelivery>;

/** One callback ready to POST. */
export type TriggerDelivery = {
  body: string;
  headers: Record<string, string>;
  /** Where to POST instead of `--to` (e.g. `--to` with a guard token added). */
  url?: string;
  /** Whether the merchant's answer is the provider's acknowledgement. @default any 2xx */
  accepted?: (status: number, body: string) => boolean;
};

const WAYLET_STATUS = { paid: 'PAID', failed: 'REFUSED', canceled: 'CANCELED' } as const;

/** Callback builders per provider, all from the core testing kit. */
export const triggers: Record<string, TriggerBuilder> = {
  etpay: etpayTrigger,
  paykassma: paykassmaTrigger,
  paylican: paylicanTrigger,
  waylet: (outcome, flags) =>
    testing.waylet.callback(
      {
        status: WAYLET_STATUS[outcome],
        ...(flags.paymentId ? { paymentId: flags.paymentId } : {}),
        ...(flags.wayletId ? { wayletPaymentId: flags.wayletId } : {}),
        ...(flags.amount ? { amount: Number(flags.amount) } : {}),
        ...(outcome === 'failed' ? { errorCode: 'SANDBOX', errorDescription: 'triggered from the CLI' } : {}),
      },
      { secret: flags.secret ?? sandboxCredentials.waylet.secret },
    ),
};
