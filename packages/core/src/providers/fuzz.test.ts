/**
 * Property-based tests of every provider's webhook (issue 13): ≥1,000 runs per property here; `pnpm fuzz` runs
 * 100,000 per provider. The properties live beside each provider (`<provider>/fuzz.ts`).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { ProviderProperties } from '../__test-support__/fuzz.js';
import { properties as etpay } from './etpay/fuzz.js';
import { properties as paylican } from './paylican/fuzz.js';
import { properties as waylet } from './waylet/fuzz.js';

const SUITE_RUNS = 1000;
const providers: [string, ProviderProperties][] = [
  ['waylet', waylet],
  ['paylican', paylican],
  ['etpay', etpay],
];

describe.each(providers)('%s properties', (_name, list) => {
  it.each(list(SUITE_RUNS).map((p) => [p.name, p] as const))(
    '%s',
    async (_n, p) => {
      await fc.assert(p.property, { numRuns: p.numRuns });
    },
    120_000,
  );
});
