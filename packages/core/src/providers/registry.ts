import { wayletProvider } from './waylet/provider.js';
import { paylicanProvider } from './paylican/provider.js';
import { paykassmaProvider } from './paykassma/provider.js';
import { etpayProvider } from './etpay/provider.js';

/**
 * Every provider paywire knows: the one list of providers. `PROVIDER_NAMES` (in this order), the client and options
 * types, the testing kit, the adapters' routes and the sandbox are all derived from it. Adding a provider: its folder,
 * one line here, its `exports` entry in package.json, and docs.
 * Internal.
 */
export const providerList = [wayletProvider, paylicanProvider, paykassmaProvider, etpayProvider] as const;

/** Any entry of the registry. */
type AnyDefinition = (typeof providerList)[number];

/** The names of a list of definitions, as a tuple in the list's order. */
type NamesOf<L extends readonly { readonly name: string }[]> = { readonly [I in keyof L]: L[I]['name'] };

/** The names of the providers in {@link providerList}, in its order (a tuple type, e.g. `readonly ['waylet', …]`). */
export function namesOf<const L extends readonly { readonly name: string }[]>(list: L): NamesOf<L> {
  return list.map((definition) => definition.name) as unknown as NamesOf<L>;
}

/** The registry's type: each definition under its name. */
export type ProviderRegistry = { readonly [D in AnyDefinition as D['name']]: D };

/** Every provider paywire knows, by name (built from {@link providerList}). Internal. */
export const providerRegistry: ProviderRegistry = Object.freeze(
  Object.fromEntries(providerList.map((definition) => [definition.name, definition])),
) as ProviderRegistry;
