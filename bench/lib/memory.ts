import type { MemoryRow } from './row.js';
import { oursFirst, type Plan } from './plan.js';
import type { RoundFigures } from './stats.js';

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('memory rows need node --expose-gc (run them through pnpm bench)');
  gc();
  gc();
}

/** Heap retained per record by what `fill(n)` builds, after full collections before and after. */
async function bytesPerRecord(fill: (n: number) => Promise<unknown>, n: number): Promise<number> {
  collect();
  const before = process.memoryUsage().heapUsed;
  const kept: unknown = await fill(n);
  collect();
  const after = process.memoryUsage().heapUsed;
  if (kept === undefined) throw new Error('fill must return what it built');
  return (after - before) / n;
}

/** Measures a memory row: rounds alternate which side is built first. */
export async function measureMemory(
  row: MemoryRow,
  plan: Plan,
): Promise<{ ours: RoundFigures[]; alternative: RoundFigures[] }> {
  const n = row.records({ quick: plan.quick });
  const out = { ours: [] as RoundFigures[], alternative: [] as RoundFigures[] };
  const rounds = plan.quick ? 1 : 3;
  for (let r = 0; r < rounds; r++) {
    const order = oursFirst(r) ? (['ours', 'alternative'] as const) : (['alternative', 'ours'] as const);
    for (const name of order) {
      const t0 = performance.now();
      const bytes = await bytesPerRecord(name === 'ours' ? (k) => row.fillOurs(k) : (k) => row.fillAlternative(k), n);
      const ms = performance.now() - t0;
      out[name].push({ rate: (n / ms) * 1000, cpuUs: (ms * 1000) / n, bytesPerRecord: bytes });
    }
  }
  return out;
}
