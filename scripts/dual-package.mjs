#!/usr/bin/env node
/**
 * Makes a workspace package publishable as dual ESM + CommonJS, in one step:
 *   node scripts/dual-package.mjs packages/fastify          rewrite its package.json (+ copy LICENSE)
 *   node scripts/dual-package.mjs --check                   verify every packages/* is in that shape (used by the tests)
 * From each `exports` entry's "@paywire/source" (./src/x.ts) it writes
 *   { "@paywire/source", "import": { types: ./dist/x.d.ts, default: ./dist/x.js },
 *                        "require": { types: ./dist/cjs/x.d.ts, default: ./dist/cjs/x.js } }
 * plus `main`/`module`/`types` and `typesVersions` (subpaths for moduleResolution node10), the build script
 * (scripts/build-package.mjs), LICENSE/README.md in `files`, and repository/homepage/bugs.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const REPO = 'https://github.com/paywire/paywire';

const out = (src, dir) => src.replace(/^\.\/src\//, `./dist/${dir}`).replace(/\.ts$/, '');

/** The normalized package.json text for one package directory. */
export function dualPackageJson(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const exports = {};
  const typesVersions = {};
  for (const [key, entry] of Object.entries(pkg.exports ?? {})) {
    const src = typeof entry === 'object' ? entry['@paywire/source'] : undefined;
    if (!src) {
      exports[key] = entry;
      continue;
    }
    exports[key] = {
      '@paywire/source': src,
      import: { types: `${out(src, '')}.d.ts`, default: `${out(src, '')}.js` },
      require: { types: `${out(src, 'cjs/')}.d.ts`, default: `${out(src, 'cjs/')}.js` },
    };
    if (key !== '.') typesVersions[key.slice(2)] = [`${out(src, 'cjs/')}.d.ts`];
  }
  const main = exports['.']?.require;
  const files = [
    ...new Set([...(pkg.files ?? ['dist']), ...(existsSync(join(dir, 'bin')) ? ['bin'] : []), 'README.md', 'LICENSE']),
  ];
  const directory = relative(root, dir).split('\\').join('/');
  // keep the existing key order (smaller diffs); new keys go at the end
  const next = {
    ...pkg,
    license: pkg.license ?? 'MIT',
    files,
    exports,
    scripts: { ...pkg.scripts, build: 'node ../../scripts/build-package.mjs' },
  };
  if (main) Object.assign(next, { main: main.default, module: exports['.'].import.default, types: main.types });
  if (Object.keys(typesVersions).length) next.typesVersions = { '*': typesVersions };
  Object.assign(next, {
    repository: { type: 'git', url: `git+${REPO}.git`, directory },
    homepage: `${REPO}/tree/main/${directory}#readme`,
    bugs: { url: `${REPO}/issues` },
  });
  return `${JSON.stringify(next, null, 2)}\n`;
}

const args = process.argv.slice(2);
const check = args.includes('--check');
const dirs = args.filter((a) => a !== '--check').map((d) => resolve(d));
const targets = dirs.length
  ? dirs
  : readdirSync(join(root, 'packages'))
      .map((d) => join(root, 'packages', d))
      .filter((d) => existsSync(join(d, 'package.json')));
const license = readFileSync(join(root, 'LICENSE'), 'utf8');
let stale = 0;
for (const dir of targets) {
  const want = dualPackageJson(dir);
  const have = readFileSync(join(dir, 'package.json'), 'utf8');
  const licenseOk = existsSync(join(dir, 'LICENSE')) && readFileSync(join(dir, 'LICENSE'), 'utf8') === license;
  if (check) {
    if (want !== have || !licenseOk) {
      stale++;
      console.error(
        `${relative(root, dir)}: not in dual-package shape (run: node scripts/dual-package.mjs ${relative(root, dir)})`,
      );
    }
    continue;
  }
  writeFileSync(join(dir, 'package.json'), want);
  copyFileSync(join(root, 'LICENSE'), join(dir, 'LICENSE'));
  console.log(`${relative(root, dir)}: dual ESM + CJS package.json, LICENSE`);
}
process.exitCode = stale ? 1 : 0;
