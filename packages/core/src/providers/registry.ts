import { wayletProvider } from './waylet/provider.js';
import { paykassmaProvider } from './paykassma/provider.js';
import { paylicanProvider } from './paylican/provider.js';
import { etpayProvider } from './etpay/provider.js';

/**
 * Every provider paywire knows, by name. Adding a provider: its folder, one line here, and docs.
 * Internal.
 */
export const providerRegistry = {
  waylet: wayletProvider,
  paykassma: paykassmaProvider,
  paylican: paylicanProvider,
  etpay: etpayProvider,
} as const;

/** The registry's type. */
export type ProviderRegistry = typeof providerRegistry;
