/**
 * The bench measures what users run: each package's built `dist/`, not its TypeScript source through tsx (tsx
 * adds a `__name()` call to every function it defines, which shows in profiles of code that makes closures per
 * delivery). `ensureBuilt()` runs `pnpm build` first when a package has no build or its source is newer.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './processes.js';

/** Newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** The public packages whose build is stale (missing, or older than their source). */
export function staleBuilds(): string[] {
  const packages = join(ROOT, 'packages');
  return readdirSync(packages).filter((name) => {
    const dir = join(packages, name);
    if (!existsSync(join(dir, 'tsconfig.build.json'))) return false;
    const built = join(dir, 'dist', 'index.js');
    return !existsSync(built) || statSync(built).mtimeMs < newest(join(dir, 'src'));
  });
}

/** Builds every package when one build is stale; exits the process when the build fails. */
export function ensureBuilt(): void {
  const stale = staleBuilds();
  if (stale.length === 0) return;
  console.error(`bench: building first (stale: ${stale.join(', ')})`);
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const built = spawnSync(npx, ['-y', 'pnpm@10.34.9', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) {
    console.error('bench: the build failed');
    process.exit(1);
  }
}
