/**
 * The `nest11` vitest project: runs the @paywire/nestjs tests (packages/nestjs/src) against NestJS 11.
 *
 * packages/nestjs resolves `@nestjs/*` from its own node_modules (NestJS 12, its devDependencies). Here every
 * import of `@nestjs/common|core|testing|platform-express|platform-fastify` — from the tests, the fixtures and the
 * package source alike — is aliased to this folder's node_modules (NestJS 11, installed by this workspace package), so
 * one copy of each is loaded and the package source runs unchanged against the older major.
 */
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));
const conditions = ['@paywire/source', 'node', 'import', 'default'];

const repo = fileURLToPath(new URL('../..', import.meta.url));

export default defineProject({
  resolve: {
    conditions,
    alias: [
      {
        find: /^@nestjs\/(common|core|testing|platform-express|platform-fastify)(?=\/|$)/,
        replacement: `${here}node_modules/@nestjs/$1`,
      },
    ],
  },
  ssr: { resolve: { conditions: conditions.filter((c) => c !== 'import'), externalConditions: conditions } },
  test: {
    name: 'nest11',
    env: { PAYWIRE_NEST_MAJOR: '11' },
    // the project root is this folder; the tests are found from the repository root
    dir: repo,
    include: ['packages/nestjs/src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
