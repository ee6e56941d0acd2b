/** Packs every publishable workspace package with `pnpm pack`, as a release would: the tarballs tests install. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** The repository root. */
export const root = fileURLToPath(new URL('../../', import.meta.url));
/** pnpm as the README runs it. */
export const pnpm = ['npx', ['-y', 'pnpm@10.34.9']] as const;

/** Whether `pnpm build` has run (the tarballs ship dist/). */
export const built = readdirSync(join(root, 'packages')).every((d) => {
  try {
    return readdirSync(join(root, 'packages', d, 'dist', 'cjs')).length > 0;
  } catch {
    return false;
  }
});

/**
 * Packs packages/* into a fresh temporary directory.
 * @returns package name → absolute tarball path
 */
export async function packAll(): Promise<Record<string, string>> {
  const dest = mkdtempSync(join(tmpdir(), 'paywire-pack-'));
  const tarballs: Record<string, string> = {};
  for (const dir of readdirSync(join(root, 'packages'))) {
    const pkgDir = join(root, 'packages', dir);
    const { name, private: priv } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
      name: string;
      private?: boolean;
    };
    if (priv) continue;
    const { stdout } = await run(pnpm[0], [...pnpm[1], 'pack', '--pack-destination', dest], {
      cwd: pkgDir,
      timeout: 120_000,
    });
    const file = stdout.trim().split('\n').pop() as string;
    tarballs[name] = file.startsWith('/') ? file : join(dest, file);
  }
  return tarballs;
}
