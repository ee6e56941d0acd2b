#!/usr/bin/env node
// The `paywire` command. This launcher is committed (not built), so the bin exists from the first install:
// it runs the build (dist/) when there is one, and — inside the repository before `pnpm build`, or with
// PAYWIRE_CLI_FROM_SOURCE=1 — the TypeScript sources through tsx.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const { version } = JSON.parse(readFileSync(here('../package.json'), 'utf8'));
const dist = here('../dist/cli-entry.js');

if (existsSync(dist) && !process.env.PAYWIRE_CLI_FROM_SOURCE) {
  const { runCli } = await import(new URL('../dist/cli-entry.js', import.meta.url).href);
  await runCli(version);
} else {
  let tsx;
  try {
    tsx = import.meta.resolve('tsx');
  } catch {
    console.error('paywire: the package is not built (no dist/) and tsx is not installed: run `pnpm build` first');
    process.exit(1);
  }
  const entry = `import { runCli } from ${JSON.stringify(new URL('../src/cli-entry.ts', import.meta.url).href)}; await runCli(${JSON.stringify(version)}, ${JSON.stringify(process.argv.slice(2))});`;
  const child = spawn(process.execPath, ['--conditions=@paywire/source', '--import', tsx, '--input-type=module', '--eval', entry], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 1));
}
