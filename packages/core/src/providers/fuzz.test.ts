/**
 * Property-based tests of every provider's webhook (issue 13): ≥1,000 runs per property here; `pnpm fuzz` runs
 * 100,000 per provider. The properties live beside each provider (`<provider>/fuzz.ts`); every registry provider
 * is found by name, so a new one needs no line here.
 */
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProviderProperties } from '../__test-support__/fuzz.js';
import { PROVIDER_NAMES } from '../events.js';

const SUITE_RUNS = 1000;

/** `<provider>/fuzz.ts` exports `properties(numRuns)`, unless the provider runs its own `fuzz.test.ts`. */
const modules = await Promise.all(
  PROVIDER_NAMES.map(async (name) => {
    const own = existsSync(new URL(`./${name}/fuzz.test.ts`, import.meta.url));
    const mod = (await import(`./${name}/fuzz.ts`)) as { properties?: ProviderProperties };
    return { name, own, properties: mod.properties };
  }),
);

it('every provider has fast-check properties in the suite (here, or in its own fuzz.test.ts)', () => {
  expect(modules.filter((m) => !m.own && typeof m.properties !== 'function').map((m) => m.name)).toEqual([]);
});

const providers = modules
  .filter((m) => !m.own && m.properties)
  .map((m) => [m.name, m.properties as ProviderProperties] as const);

describe.each(providers)('%s properties', (_name, list) => {
  it.each(list(SUITE_RUNS).map((p) => [p.name, p] as const))(
    '%s',
    async (_n, p) => {
      await fc.assert(p.property, { numRuns: p.numRuns });
    },
    120_000,
  );
});
