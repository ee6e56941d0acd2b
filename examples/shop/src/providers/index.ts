import { PROVIDER_NAMES, type ProviderName } from '@paywire/core';
import type { ShopProvider, ShopProviderFiles } from './types.js';

/**
 * Compile-time check: every registry provider has a shop file that registered itself for its own name. A missing
 * one fails with "Property '<name>' is missing in type 'ShopProviderFiles'".
 */
type EveryProvider<T extends { readonly [P in ProviderName]: ShopProvider<P> }> = T;
type ShopProviders = EveryProvider<ShopProviderFiles>;

/** A provider's shop file, `providers/<name>.ts`: it exports the provider under its name. */
async function load<P extends ProviderName>(name: P): Promise<ShopProvider<P>> {
  // `.ts`: the shop runs from source (tsx, vitest). Not a Vite glob: this folder also holds index.ts and types.ts.
  const file = (await import(/* @vite-ignore */ `./${name}.ts`)) as { readonly [K in P]?: ShopProvider<P> };
  const provider = file[name];
  if (!provider) throw new Error(`examples/shop/src/providers/${name}.ts must export const ${name}: ShopProvider`);
  return provider;
}

/**
 * The shop's integration of every provider of the registry, one file each (`providers/<name>.ts`), found by name.
 */
export const shopProviders: { readonly [P in ProviderName]: ShopProvider<P> } = Object.fromEntries(
  await Promise.all(PROVIDER_NAMES.map(async (name) => [name, await load(name)] as const)),
) as unknown as ShopProviders;
