import type { Queries, Queryable } from './queries.js';

const TABLES = ['dedup', 'payments', 'kv'] as const;
/** Most batches per table in one run, so a huge backlog is worked off over several runs, never in one burst. */
const MAX_BATCHES = 20;

/** The periodic cleanup of expired rows. Internal. */
export interface Cleanup {
  /** Deletes expired rows now (bounded); returns how many. */
  runOnce(): Promise<number>;
  stop(): void;
}

/**
 * Deletes expired rows in small batches (`FOR UPDATE SKIP LOCKED`: rows a delivery holds are skipped, never
 * waited for) every `intervalMs`, on an unref'd timer so it never keeps the process alive. Internal.
 */
export function startCleanup(
  db: Queryable,
  q: Queries,
  intervalMs: number,
  batchSize: number,
  onError: (err: unknown) => void,
): Cleanup {
  let running: Promise<number> | undefined;
  const runOnce = (): Promise<number> => {
    running ??= (async () => {
      let total = 0;
      try {
        for (const table of TABLES) {
          for (let i = 0; i < MAX_BATCHES; i++) {
            const deleted = await q.deleteExpired(db, table, batchSize);
            total += deleted;
            if (deleted < batchSize) break;
          }
        }
        return total;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer = intervalMs > 0 ? setInterval(() => void runOnce().catch(onError), intervalMs) : undefined;
  timer?.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
