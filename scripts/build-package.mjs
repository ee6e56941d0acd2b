#!/usr/bin/env node
/**
 * Builds the package in the current directory twice from its tsconfig.build.json:
 *   dist/      ES modules + .d.ts          (the `import` condition)
 *   dist/cjs/  CommonJS + .d.ts, with a    (the `require` condition, and `main`/`types` for moduleResolution node10)
 *              package.json {"type":"commonjs"} so Node and TypeScript read both as CommonJS
 * Usage, in a package's package.json: "build": "node ../../scripts/build-package.mjs".
 * The exports map that points at both is written by scripts/dual-package.mjs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compile = (...overrides) =>
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', ...overrides], { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
compile();
// moduleResolution node10: a CommonJS emit cannot use node16 resolution; relative `.js` specifiers still resolve
compile(
  '--outDir',
  'dist/cjs',
  '--module',
  'commonjs',
  '--moduleResolution',
  'node10',
  '--verbatimModuleSyntax',
  'false',
);
mkdirSync('dist/cjs', { recursive: true });
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n');
