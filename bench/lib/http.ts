import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpFixtures, HttpServerRow } from './row.js';
import { oursFirst, type Plan } from './plan.js';
import { startServer, type ServerProcess } from './servers.js';
import type { RoundFigures } from './stats.js';
import { runWrk } from './wrk.js';

type SideName = 'ours' | 'alternative';

/**
 * Measures an HTTP row: both servers run side by side (each in its own process on the server core), wrk loads
 * one at a time on the load core, alternating ABBA. Each side gets fresh bodies (a running offset), so a round
 * never replays what an earlier round sent. The server's own CPU per request is read around each run. A row's
 * `services()` (its database) start before the servers and stop after them.
 */
export async function measureHttp(
  row: HttpServerRow,
  plan: Plan,
): Promise<{ ours: RoundFigures[]; alternative: RoundFigures[] }> {
  const services = await row.services?.({ quick: plan.quick });
  try {
    return await measureWith(row, plan, {
      ...(await row.fixtures({ quick: plan.quick })),
      services: services?.forServers,
    });
  } finally {
    await services?.stop();
  }
}

async function measureWith(
  row: HttpServerRow,
  plan: Plan,
  fixtures: HttpFixtures,
): Promise<{ ours: RoundFigures[]; alternative: RoundFigures[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'paywire-bench-'));
  const fixturesPath = join(dir, 'fixtures.json');
  const bodiesPath = join(dir, 'bodies.txt');
  await writeFile(fixturesPath, JSON.stringify(fixtures));
  await writeFile(bodiesPath, `${fixtures.bodies.join('\n')}\n`);
  const servers: Partial<Record<SideName, ServerProcess>> = {};
  try {
    const [ours, alternative] = await Promise.all([
      startServer(row.id, 'ours', fixturesPath),
      startServer(row.id, 'alternative', fixturesPath),
    ]);
    Object.assign(servers, { ours, alternative });
    const offsets = { ours: 0, alternative: 0 };
    const round = async (name: SideName, seconds: number): Promise<RoundFigures> => {
      const server = servers[name] as ServerProcess;
      const cpu0 = await server.cpu();
      const w = await runWrk(`${server.origin}${fixtures.path}`, {
        seconds,
        connections: plan.connections,
        bodiesPath,
        offset: offsets[name],
        contentType: fixtures.contentType,
      });
      const cpu = (await server.cpu()) - cpu0;
      offsets[name] += w.requests + plan.connections;
      return { rate: w.rate, cpuUs: cpu / Math.max(1, w.requests), p50: w.p50, p99: w.p99, errors: w.errors };
    };
    if (plan.httpWarmupSec > 0)
      await Promise.all([round('ours', plan.httpWarmupSec), round('alternative', plan.httpWarmupSec)]); // warm-up, both at once
    const out = { ours: [] as RoundFigures[], alternative: [] as RoundFigures[] };
    for (let r = 0; r < plan.rounds; r++) {
      const order: SideName[] = oursFirst(r) ? ['ours', 'alternative'] : ['alternative', 'ours'];
      for (const name of order) out[name].push(await round(name, plan.httpRoundSec));
    }
    return out;
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}
