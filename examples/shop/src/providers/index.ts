import type { ProviderName } from '@paywire/core';
import { etpay } from './etpay.js';
import { paykassma } from './paykassma.js';
import { paylican } from './paylican.js';
import type { ShopProvider } from './types.js';
import { waylet } from './waylet.js';

/**
 * The shop's integration of every provider, one file each. The type makes a registry provider without one a
 * compile error.
 */
export const shopProviders: { readonly [P in ProviderName]: ShopProvider<P> } = { waylet, paylican, paykassma, etpay };
