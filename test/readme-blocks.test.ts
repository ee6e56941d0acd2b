/**
 * Every ```ts block of every README compiles: each block is its own ES module next to its README (imports resolve
 * as in that package), with test/readme/prelude.d.ts declaring what snippets take from the app around them
 * (`paywire`, `app`, `rawBody` …). A block opts out only with a visible first line `// sketch: <why>`.
 * Blocks the README calls runnable ("runs as written", "runnable") are run with tsx and must exit 0; the NestJS
 * full example is compiled and run inside a `nest new` project by test/packaging.test.ts.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { root } from './support/pack.js';
import { checkReadmeBlocks, type CheckedBlock } from './support/readme-check.js';

const run = promisify(execFile);
const prelude = readFileSync(fileURLToPath(new URL('./readme/prelude.d.ts', import.meta.url)), 'utf8');
const where = (b: CheckedBlock) => `${b.file}:${b.line}`;

describe('README code blocks', () => {
  let blocks: CheckedBlock[] = [];

  it('every ```ts block compiles (sketches aside)', async () => {
    blocks = await checkReadmeBlocks(prelude);
    expect(blocks.length).toBeGreaterThan(25);
    expect(blocks.filter((b) => b.errors.length > 0).map((b) => `${where(b)}: ${b.errors.join('; ')}`)).toEqual([]);
    // the opt-outs, by name and reason (a new one is a reviewed change)
    expect(blocks.filter((b) => b.sketch).map((b) => [b.file, b.sketch])).toEqual([
      ['packages/core/src/providers/paylican/README.md', 'the alternatives of one option (webhookAuth), not a program'],
      // @prisma/client is generated from the app's schema.prisma: nothing to compile it against in this repository
      ['packages/postgres/README.md', 'Prisma is not installed here (@prisma/client is generated from your schema)'],
    ]);
  }, 120_000);

  it('the blocks the READMEs call runnable run and exit 0', async () => {
    const runnable = blocks.filter((b) => b.runnable && !b.sketch);
    expect(runnable.map((b) => b.file)).toEqual([
      'packages/express/README.md',
      'packages/express/README.md',
      'packages/fastify/README.md',
    ]);
    const tsx = fileURLToPath(import.meta.resolve('tsx'));
    for (const b of runnable) {
      const { stdout } = await run(process.execPath, ['--conditions=@paywire/source', '--import', tsx, b.path], {
        cwd: root,
        timeout: 60_000,
        env: { ...process.env, PORT: '0' },
      });
      if (b.code.includes('// 200 {} true')) expect(stdout).toContain('200 {} true');
    }
  }, 150_000);
});
