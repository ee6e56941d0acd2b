import type { InProcessRow, Side } from './row.js';
import { oursFirst, type Plan } from './plan.js';
import { cpuMicros, type RoundFigures } from './stats.js';

/** Runs `side` for about `ms` of wall time; returns operations and CPU microseconds spent. */
async function runFor(side: Side, ms: number, start: number): Promise<{ ops: number; cpu: number }> {
  const probe = side.op(start);
  const isAsync = typeof (probe as { then?: unknown } | undefined)?.then === 'function';
  if (isAsync) await probe;
  let ops = 1;
  const cpu0 = process.cpuUsage();
  const end = performance.now() + ms;
  let i = start + 1;
  while (performance.now() < end) {
    if (isAsync) for (let k = 0; k < 64; k++) await side.op(i++);
    else for (let k = 0; k < 256; k++) side.op(i++);
    ops = i - start;
  }
  return { ops, cpu: cpuMicros(cpu0) };
}

/** Measures an in-process row: warm-up, then `plan.rounds` alternating rounds per side. */
export async function measureInProcess(
  row: InProcessRow,
  plan: Plan,
): Promise<{ ours: RoundFigures[]; alternative: RoundFigures[] }> {
  const sides = await row.setup({ quick: plan.quick });
  const counters = { ours: 0, alternative: 0 };
  const round = async (name: 'ours' | 'alternative', ms: number): Promise<RoundFigures> => {
    const { ops, cpu } = await runFor(sides[name], ms, counters[name]);
    counters[name] += ops;
    return { rate: (ops / cpu) * 1e6, cpuUs: cpu / ops };
  };
  await round('ours', plan.warmupMs);
  await round('alternative', plan.warmupMs);
  const out = { ours: [] as RoundFigures[], alternative: [] as RoundFigures[] };
  for (let r = 0; r < plan.rounds; r++) {
    const order = oursFirst(r) ? (['ours', 'alternative'] as const) : (['alternative', 'ours'] as const);
    for (const name of order) out[name].push(await round(name, plan.roundMs));
  }
  await sides.ours.close?.();
  await sides.alternative.close?.();
  await sides.close?.();
  return out;
}
