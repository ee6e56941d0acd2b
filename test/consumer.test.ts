/**
 * Consumers importing the BUILT packages through their `exports` maps, as users will: ESM, CommonJS
 * (the dist/cjs build) and TypeScript against the emitted .d.ts. `pnpm test` builds first.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = fileURLToPath(new URL('./consumer/', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../packages/core/dist/index.js', import.meta.url)));

describe.runIf(built)('consumers of the built packages', () => {
  it('ESM import of every package and every core subpath', async () => {
    const { stdout } = await run(process.execPath, ['esm.mjs'], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual({
      status: 200,
      paid: 1,
      errorClass: 'function',
      functions: true,
      dashboard: 200,
    });
  });

  it('CommonJS require()', async () => {
    const { stdout } = await run(process.execPath, ['cjs.cjs'], { cwd: dir });
    const exported = Object.fromEntries(
      ['express', 'fastify', 'nestjs', 'postgres', 'redis', 'sandbox'].map((p) => [`@paywire/${p}`, 'function']),
    );
    expect(JSON.parse(stdout)).toEqual({ code: 'ERR_CONFIG_INVALID', field: 'providers.waylet.apiKey', exported });
  });

  it('TypeScript against the emitted declarations', async () => {
    const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
    await expect(run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir })).resolves.toBeDefined();
  }, 60_000);
});

it.skipIf(built || process.env.CI !== 'true')('CI builds the packages before testing', () => {
  expect.fail('packages/core/dist is missing: `pnpm test` runs `pnpm build` first');
});
