/**
 * Writes every ```ts block of the READMEs as a module next to its README (`.readme-check/`, git-ignored, so
 * imports resolve as they would for that package) and type-checks them all with one `tsc` run.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { root } from './pack.js';
import { readmeBlocks, readmeFiles, splitFiles, type ReadmeBlock } from './readme-blocks.js';

const run = promisify(execFile);

/** A checked block and the TypeScript errors in it. */
export interface CheckedBlock extends ReadmeBlock {
  path: string;
  errors: string[];
}

/** The TypeScript blocks of every README, written out and type-checked. */
export async function checkReadmeBlocks(prelude: string): Promise<CheckedBlock[]> {
  // the prelude is a global script: declarations visible in every block
  const blocks: CheckedBlock[] = [];
  for (const file of readmeFiles()) {
    const dir = join(root, dirname(file), '.readme-check');
    rmSync(dir, { recursive: true, force: true });
    for (const block of readmeBlocks(file).filter((b) => b.lang === 'ts' || b.lang === 'typescript')) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
      const files = splitFiles(block.code);
      if (Object.keys(files).length > 0 && /^\/\/ [\w.-]+\.ts\n/.test(block.code)) {
        // a block of several files (`// main.ts` …): a directory, the files importing each other
        mkdirSync(join(dir, `line-${block.line}`), { recursive: true });
        for (const [name, code] of Object.entries(files)) {
          const path = join(dir, `line-${block.line}`, name);
          writeFileSync(path, code);
          blocks.push({ ...block, path, errors: [] });
        }
        continue;
      }
      const path = join(dir, `line-${block.line}.ts`);
      // each block is its own module; the prelude declares what a snippet takes from the surrounding app
      writeFileSync(path, `${block.code}\nexport {};\n`);
      blocks.push({ ...block, path, errors: [] });
    }
  }
  const checked = blocks.filter((b) => !b.sketch);
  const tsconfig = join(root, 'test-output', 'readme-tsconfig.json');
  mkdirSync(dirname(tsconfig), { recursive: true });
  writeFileSync(join(root, 'test-output', 'readme-prelude.d.ts'), prelude);
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: '../tsconfig.base.json',
      compilerOptions: {
        noEmit: true,
        declaration: false,
        declarationMap: false,
        customConditions: ['@paywire/source'],
        noUnusedLocals: false,
        types: ['node'],
      },
      files: ['readme-prelude.d.ts', ...checked.map((b) => b.path)],
    }),
  );
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const out = await run(process.execPath, [tsc, '-p', tsconfig, '--pretty', 'false'], {
    cwd: root,
    maxBuffer: 1 << 24,
  }).then(
    (r) => r.stdout,
    (e: { stdout: string }) => e.stdout,
  );
  for (const line of out.split('\n')) {
    const block = checked.find((b) => line.startsWith(b.path.slice(root.length)) || line.startsWith(b.path));
    if (block) block.errors.push(line.slice(line.indexOf('.ts(') + 3));
  }
  return blocks;
}
