/**
 * The adapters' provider matrix (never built or published): what the `@paywire/express`, `@paywire/nestjs` and
 * `@paywire/fastify` tests run against every provider of the registry. Each provider brings its own cases, in its
 * folder's `adapter-cases.ts` (the convention `providers/<name>/adapter-cases.ts`, like `fuzz.ts`; its shape is
 * `./adapter-case.ts`); this module loads them for every name of `PROVIDER_NAMES`. The adapters' tests import it by
 * relative path (`../../../core/src/__test-support__/adapter-matrix.js`), as `test/redis` imports the Redis
 * package's test support.
 *
 * A registry provider without cases is a compile error here (see {@link RegisteredAdapterCases}), not a provider the
 * adapters silently skip.
 */
import { PROVIDER_NAMES, type ProviderName, type ProvidersOptions } from '../index.js';
import type { AdapterCase, ProviderAdapterCases, ProvidersWithAdapterCases } from './adapter-case.js';

export type { AdapterCase, CaseDelivery, Forgery, ProviderAdapterCases } from './adapter-case.js';

/**
 * Compile-time check: every registry provider has registered its cases, each for its own name. A provider missing
 * here fails with "Property '<name>' is missing in type 'ProvidersWithAdapterCases'".
 */
type EveryProvider<T extends { readonly [P in ProviderName]: ProviderAdapterCases<P> }> = T;
export type RegisteredAdapterCases = EveryProvider<ProvidersWithAdapterCases>;

/** A provider's `adapter-cases.ts`, by the folder convention; its `adapterCases` must be for `name`. */
async function load<P extends ProviderName>(name: P): Promise<ProviderAdapterCases<P>> {
  // `.ts`, not `.js`: Vite turns this template into a glob of the files that exist (in every vitest project).
  const module = (await import(`../providers/${name}/adapter-cases.ts`)) as { adapterCases?: ProviderAdapterCases };
  if (module.adapterCases?.provider !== name)
    throw new Error(`providers/${name}/adapter-cases.ts must export adapterCases = defineAdapterCases('${name}', …)`);
  return module.adapterCases as ProviderAdapterCases<P>;
}

/** Every registry provider's cases, under its name. */
export const casesByProvider: { readonly [P in ProviderName]: RegisteredAdapterCases[P] } = Object.freeze(
  Object.fromEntries(await Promise.all(PROVIDER_NAMES.map(async (name) => [name, await load(name)] as const))),
) as unknown as RegisteredAdapterCases;

/** Every case of every provider, in the registry's order (each provider's `main` first). */
export const allAdapterCases: readonly AdapterCase[] = PROVIDER_NAMES.flatMap(
  (name): readonly AdapterCase[] => casesByProvider[name].cases,
);

/** Each provider's `main` case, in the registry's order: one row per provider. */
export const mainAdapterCases: readonly AdapterCase[] = PROVIDER_NAMES.map(
  (name): AdapterCase => casesByProvider[name].main,
);

/** The options of `cases`, merged (one entry per provider; a later case of the same provider wins). */
export function mergedOptions(cases: readonly AdapterCase[]): ProvidersOptions {
  return Object.assign({}, ...cases.map((c) => c.options)) as ProvidersOptions;
}
