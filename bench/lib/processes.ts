/** Child processes of the bench: where they run (`taskset`) and how they are started (tsx, built packages). */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/lib/../..). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * True when servers and load can be pinned to separate cores: the machine's cores counted with `cpus()`, not
 * `availableParallelism()`, which counts this process's affinity (the row process runs pinned to the load core: there
 * it read 1, so a row's servers were spawned without `taskset` and ran on the load core with wrk and the database).
 */
export const PINNED =
  cpus().length >= 2 && ['0', '1'].every((c) => spawnSync('taskset', ['-c', c, 'true']).status === 0);

/** The core a process kind runs on: servers on 0, the row process (load generator, clients) on 1. */
export type Core = 'server' | 'load';

/** `[command, args]` running `argv` on `core` when pinning is possible. */
export function pinned(core: Core, argv: readonly string[]): [string, string[]] {
  const [command, ...args] = argv as [string, ...string[]];
  return PINNED ? ['taskset', ['-c', core === 'server' ? '0' : '1', command, ...args]] : [command, args];
}

/**
 * Node with tsx, running a TypeScript file of the bench. The `@paywire/*` packages resolve to their built `dist/`
 * (what users run; `ensureBuilt()` builds them first), the bench's own files go through tsx.
 */
export function nodeArgv(script: string, args: readonly string[], flags: readonly string[] = []): string[] {
  return [process.execPath, '--import', 'tsx', ...flags, fileURLToPath(new URL(script, import.meta.url)), ...args];
}

/** Spawns `argv` on `core` from the repository root. */
export function spawnOn(core: Core, argv: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const [command, args] = pinned(core, argv);
  return spawn(command, args, { cwd: ROOT, ...options });
}
