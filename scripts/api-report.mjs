#!/usr/bin/env node
// The public API as a checked-in report: one api/<package>[-<subpath>].api.md per entry point of every published
// package, made by api-extractor from the built .d.ts files (run `pnpm build` first).
//   node scripts/api-report.mjs           check: fails when an entry point's API differs from its report
//   node scripts/api-report.mjs --update  rewrite the reports (commit them: a change to the API is a reviewed diff)
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const update = process.argv.includes('--update');
const reportFolder = join(root, 'api');
mkdirSync(reportFolder, { recursive: true });

/** The .d.ts of one exports-map entry, whatever its shape (flat, or per import/require condition). */
function typesOf(entry) {
  if (typeof entry === 'string') return entry.endsWith('.d.ts') ? entry : undefined;
  if (!entry || typeof entry !== 'object') return undefined;
  if (typeof entry.types === 'string') return entry.types;
  for (const key of ['import', 'default', 'require']) {
    const found = typesOf(entry[key]);
    if (found) return found;
  }
  return undefined;
}

let failed = 0;
let checked = 0;
for (const dir of readdirSync(join(root, 'packages'))) {
  const folder = join(root, 'packages', dir);
  const pkgPath = join(folder, 'package.json');
  if (!existsSync(pkgPath)) continue;
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  if (pkg.private) continue;
  for (const [subpath, entry] of Object.entries(pkg.exports ?? {})) {
    const types = typesOf(entry);
    if (!types) continue;
    const name = `${pkg.name.replace('@paywire/', '')}${subpath === '.' ? '' : `-${subpath.slice(2).replaceAll('/', '-')}`}`;
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: folder,
        mainEntryPointFilePath: join(folder, types),
        bundledPackages: [],
        compiler: {
          overrideTsconfig: {
            compilerOptions: {
              skipLibCheck: true,
              strict: true,
              module: 'NodeNext',
              moduleResolution: 'NodeNext',
              target: 'ES2022',
              lib: ['ES2023'],
              types: ['node'],
              experimentalDecorators: true,
            },
          },
        },
        apiReport: {
          enabled: true,
          reportFolder,
          reportTempFolder: join(root, 'node_modules/.cache/api-report'),
          reportFileName: `${name}.api.md`,
        },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          compilerMessageReporting: { default: { logLevel: 'warning' } },
          extractorMessageReporting: {
            default: { logLevel: 'none' },
            'ae-missing-release-tag': { logLevel: 'none' },
          },
          tsdocMessageReporting: { default: { logLevel: 'none' } },
        },
      },
      configObjectFullPath: join(folder, 'api-extractor.json'),
      packageJsonFullPath: pkgPath,
    });
    const result = Extractor.invoke(config, {
      localBuild: update,
      showVerboseMessages: false,
      messageCallback: (m) => {
        if (m.logLevel !== 'warning') m.handled = true;
      },
    });
    checked++;
    if (!result.succeeded || (!update && result.apiReportChanged)) {
      failed++;
      console.error(
        `api-report: ${pkg.name}${subpath === '.' ? '' : subpath.slice(1)} differs from api/${name}.api.md — review the change and run \`pnpm api:update\``,
      );
    }
  }
}
console.log(`api-report: ${checked} entry points ${update ? 'written' : 'checked'}, ${failed} differ`);
process.exit(failed ? 1 : 0);
