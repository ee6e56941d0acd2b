import type { Paywire, ProviderName, ProvidersOptions } from '@paywire/core';
import type { sandboxProviders } from '@paywire/sandbox';
import type { CheckoutUrls } from '../checkout.js';
import type { Env } from '../config.js';
import type { Order } from '../orders.js';

/** The sandbox's options for every provider. */
export type SandboxOptions = ReturnType<typeof sandboxProviders>;

/** Everything the shop does with one provider, in that provider's own file. */
export interface ShopProvider<P extends ProviderName> {
  /** What one unit of the shop's only product costs (the provider's own currency and unit). */
  price: { amount: string; currency: string; label: string };
  /** The provider's paywire options from environment variables, each defaulting to the sandbox's. */
  options(env: Env, sandbox: SandboxOptions): NonNullable<ProvidersOptions[P]>;
  /**
   * Starts the payment of an order and returns where to send the customer next: the whole integration for the
   * provider. `orderPage` is the order's page in the shop.
   */
  checkout(paywire: Paywire, order: Order, urls: CheckoutUrls, orderPage: string): Promise<string>;
}

/**
 * The providers that have a shop file, each registered by that file itself:
 * `declare module './types.js' { interface ShopProviderFiles { <name>: typeof <name> } }`.
 * `./index.ts` checks at compile time that every registry provider is here, with its own `ShopProvider`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by module augmentation, one per file
export interface ShopProviderFiles {}
