import { describe, it } from 'vitest';
import { paykassmaProperties } from './fuzz.js';

// 1,000 runs per property in the suite; `pnpm fuzz` runs the same properties 100,000 times (runPaykassmaFuzz).
describe('paykassma properties (fast-check, 1,000 runs each)', () => {
  for (const property of paykassmaProperties(1000)) {
    it(property.name, () => property.check(), 120_000);
  }
});
