import { sandboxEntries } from './providers/index.js';

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

/** Callback builders per provider, all from the core testing kit (each in its provider's sandbox module). */
export const triggers: Record<string, TriggerBuilder> = Object.fromEntries(
  sandboxEntries.map(([name, m]) => [name, m.trigger]),
);
