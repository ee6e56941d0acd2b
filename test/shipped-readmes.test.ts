/**
 * The READMEs that ship inside the packages are read on a registry page, away from the repository: their links
 * are absolute, links into the repository name files that exist, and every file they cite exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { root } from './support/pack.js';
import { readmeFiles } from './support/readme-blocks.js';

const REPO = 'https://github.com/paywire/paywire';
const shipped = readmeFiles().filter((f) => f.startsWith('packages/'));

it('shipped READMEs: absolute links, into files that exist; cited files exist', () => {
  expect(shipped.length).toBeGreaterThanOrEqual(7);
  const problems: string[] = [];
  for (const file of shipped) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const url = target as string;
      if (url.startsWith('#')) continue;
      if (!/^https?:\/\//.test(url)) problems.push(`${file}: relative link ${url} (breaks on a registry page)`);
      else if (url.startsWith(`${REPO}/`)) {
        const path = /^\/(?:blob|tree)\/main\/([^#?]+)/.exec(url.slice(REPO.length))?.[1];
        if (path && !existsSync(join(root, path))) problems.push(`${file}: ${url} names a missing file`);
      }
    }
    for (const [, cited] of text.matchAll(
      /`((?:\.{0,2}\/)?[\w@.-]+\/[\w./@-]+\.(?:ts|md|json|mjs|js|sh|ya?ml|txt))`/g,
    )) {
      const path = cited as string;
      if (!existsSync(join(root, path)) && !existsSync(join(root, dirname(file), path)))
        problems.push(`${file}: cites ${path}, which is not in the repository`);
    }
  }
  expect(problems).toEqual([]);
});
