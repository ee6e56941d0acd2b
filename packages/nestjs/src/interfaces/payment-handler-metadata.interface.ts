import type { PaymentEventType, ProviderName } from '@paywire/core';

/** What one `@OnPaymentEvent()` (or shortcut) decorator recorded on a method. */
export interface PaymentHandlerMetadata {
  /** The event types the method receives. */
  readonly types: readonly PaymentEventType[];
  /** Only events from these providers; every provider when absent. */
  readonly providers?: readonly ProviderName[];
}
