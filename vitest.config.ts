import { defineConfig } from 'vitest/config';

const conditions = ['@paywire/source', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  // ssr.resolve.conditions reach the test workers as `node --conditions`; without 'import' there, require() in CommonJS
  // dependencies (Express 5's router → is-promise) gets the CommonJS entry, as in production.
  ssr: { resolve: { conditions: conditions.filter((c) => c !== 'import'), externalConditions: conditions } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // the default project, plus the @paywire/nestjs tests once more against NestJS 11 (see
    // test/nest11/vitest.config.ts)
    projects: [{ extends: true, test: { name: 'paywire' } }, './test/nest11/vitest.config.ts'],
  },
});
