/**
 * `pnpm fuzz`: every provider's webhook properties, 100,000 runs per provider (split evenly over its properties).
 * Prints the runs and failures of each property; exits 1 when any property failed.
 *
 *   pnpm fuzz                          # all providers, 100,000 runs each
 *   pnpm fuzz -- --runs 5000 waylet    # one provider, fewer runs
 *
 * Every provider of the registry (`PROVIDER_NAMES`) joins by its folder's `fuzz.ts`, which exports either
 * `properties(numRuns)` or, when it runs its own properties, `run(runs)` (→ number of failed properties).
 */
import fc from 'fast-check';
import { PROVIDER_NAMES } from '@paywire/core';
import type { ProviderProperties } from '../packages/core/src/__test-support__/fuzz.js';

/** What a provider folder's `fuzz.ts` exports: its properties, or its own runner. */
type ProviderFuzz = { properties: ProviderProperties } | { run: (runs: number) => Promise<number> };

/** The provider's `fuzz.ts`, by the folder convention `packages/core/src/providers/<name>/fuzz.ts`. */
const load = (name: string) => import(`../packages/core/src/providers/${name}/fuzz.js`) as Promise<ProviderFuzz>;

/** A property's failure as text: an Error as `String(err)` does, anything else thrown as JSON. */
function errorText(thrown: unknown): string {
  if (thrown instanceof Error) return String(thrown);
  return typeof thrown === 'string' ? thrown : (JSON.stringify(thrown) ?? '');
}

function parseArgs(argv: readonly string[]): { runs: number; names: string[] } {
  const args = argv.filter((a) => a !== '--');
  const i = args.indexOf('--runs');
  const runs = i >= 0 ? Number(args[i + 1]) : 100_000;
  if (!Number.isInteger(runs) || runs < 1) throw new TypeError('--runs must be a positive integer');
  const names = args.filter((a, j) => !a.startsWith('--') && j !== i + 1);
  const all: readonly string[] = PROVIDER_NAMES;
  for (const n of names)
    if (!all.includes(n)) throw new TypeError(`unknown provider "${n}"; expected one of ${all.join(', ')}`);
  return { runs, names: names.length > 0 ? names : [...all] };
}

async function main(): Promise<number> {
  const { runs, names } = parseArgs(process.argv.slice(2));
  let failed = 0;
  for (const name of names) {
    const fuzz = await load(name);
    if ('run' in fuzz) {
      failed += await fuzz.run(runs);
      continue;
    }
    const { properties } = fuzz;
    const perProperty = Math.ceil(runs / properties(1).length);
    let total = 0;
    const started = Date.now();
    for (const p of properties(perProperty)) {
      const t = Date.now();
      const details = await fc.check(p.property, { numRuns: p.numRuns });
      total += details.numRuns;
      const line = `${name.padEnd(9)} ${String(details.numRuns).padStart(7)} runs  ${details.failed ? 'FAILED' : '0 failures'}  ${((Date.now() - t) / 1000).toFixed(1)} s  ${p.name}`;
      console.log(line);
      if (details.failed) {
        failed++;
        console.log(`  counterexample: ${fc.stringify(details.counterexample).slice(0, 2000)}`);
        console.log(`  error: ${errorText(details.errorInstance).slice(0, 2000)}`);
      }
    }
    console.log(
      `${name.padEnd(9)} ${String(total).padStart(7)} runs in total, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  console.log(failed === 0 ? 'fuzz: no failures' : `fuzz: ${failed} propert${failed === 1 ? 'y' : 'ies'} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
