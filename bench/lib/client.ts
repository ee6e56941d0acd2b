import type { ClientRow, Side } from './row.js';
import { oursFirst, type Plan } from './plan.js';
import { startServer } from './servers.js';
import { cpuMicros, percentile, type RoundFigures } from './stats.js';

/** `connections` callers in a closed loop on `side` for `ms`; latency of every call. */
async function load(
  side: Side,
  ms: number,
  connections: number,
  start: number,
): Promise<RoundFigures & { ops: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let next = start;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + ms;
  const caller = async () => {
    while (performance.now() < end) {
      const began = performance.now();
      try {
        await side.op(next++);
      } catch {
        errors++;
      }
      latencies.push(performance.now() - began);
    }
  };
  await Promise.all(Array.from({ length: connections }, caller));
  const wall = performance.now() - t0;
  const cpu = cpuMicros(cpu0);
  const sorted = Float64Array.from(latencies).sort();
  const ops = latencies.length;
  return {
    ops,
    rate: (ops / wall) * 1000,
    cpuUs: cpu / Math.max(1, ops),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors,
  };
}

/** Measures a client row against its server (own process, server core); this process is the load core. */
export async function measureClient(
  row: ClientRow,
  plan: Plan,
): Promise<{ ours: RoundFigures[]; alternative: RoundFigures[] }> {
  const server = await startServer(row.id, 'serve');
  try {
    const sides = await row.setup(server.origin);
    const counters = { ours: 0, alternative: 0 };
    const round = async (name: 'ours' | 'alternative', ms: number): Promise<RoundFigures> => {
      const { ops, ...figures } = await load(sides[name], ms, plan.connections, counters[name]);
      counters[name] += ops + plan.connections;
      return figures;
    };
    if (plan.httpWarmupSec > 0)
      await Promise.all([round('ours', plan.httpWarmupSec * 1000), round('alternative', plan.httpWarmupSec * 1000)]); // warm-up, both at once
    const out = { ours: [] as RoundFigures[], alternative: [] as RoundFigures[] };
    for (let r = 0; r < plan.rounds; r++) {
      const order = oursFirst(r) ? (['ours', 'alternative'] as const) : (['alternative', 'ours'] as const);
      for (const name of order) out[name].push(await round(name, plan.httpRoundSec * 1000));
    }
    await sides.ours.close?.();
    await sides.alternative.close?.();
    return out;
  } finally {
    await server.stop();
  }
}
