/**
 * `pnpm bench [--quick] [--rows A,D′]`: every row of bench/rows, one process per row, alternating ours and the
 * alternative; prints the table and, for a run of every row, writes it with the machine's figures into
 * bench/results.md (between the `bench:begin`/`bench:end` markers; the notes around them are kept).
 * Not part of `pnpm test`.
 */
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './lib/built.js';
import { planFor } from './lib/plan.js';
import { nodeArgv, PINNED, spawnOn } from './lib/processes.js';
import { markdownTable, reportRow, type RowFigures, type RowReport } from './lib/report.js';
import type { PendingRow } from './lib/row.js';
import type { RoundFigures } from './lib/stats.js';
import { ROWS } from './rows/index.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--rows') ? (args[args.indexOf('--rows') + 1] ?? '').split(',') : undefined;
const RESULTS = fileURLToPath(new URL('./results.md', import.meta.url));

ensureBuilt();

if (spawnSync('wrk', ['--version']).error) {
  console.error('wrk is missing: run `bash bench/ensure-wrk.sh` (pnpm bench does it for you)');
  process.exit(1);
}

/** Runs one row in its own process on the load core; resolves with its figures. */
function runRow(
  id: string,
): Promise<{ head: RowFigures; rounds: { ours: RoundFigures[]; alternative: RoundFigures[] } }> {
  const child = spawnOn('load', nodeArgv('./row-child.ts', [id, quick ? '1' : '0'], ['--expose-gc']), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const line = output.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) return reject(new Error(`row ${id} failed (exit ${code}):\n${output}`));
      resolve(JSON.parse(line.slice('RESULT '.length)));
    });
  });
}

const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' / ');
const started = Date.now();
const loadBefore = loadavg();
const reports: RowReport[] = [];
const skipped: PendingRow[] = [];
for (const { id, slow } of ROWS) {
  if (only && !only.includes(id)) continue;
  if (quick && slow && !only) {
    skipped.push({ id, ...slow, pending: `skipped in --quick (\`--quick --rows ${id}\` runs it)` });
    continue;
  }
  const t0 = Date.now();
  const { head, rounds } = await runRow(id);
  const report = reportRow(head, rounds);
  reports.push(report);
  console.log(
    `${id.padEnd(3)} ratio ${report.ratio.toFixed(2)}  CPU ratio ${report.cpuRatio.toFixed(2)}${report.p99Ratio !== undefined ? `  p99 ÷ ${report.p99Ratio.toFixed(2)}` : ''}  (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
}
const plan = planFor(quick);
const machine = [
  `- CPU: ${cpus()[0]?.model ?? 'unknown'} × ${availableParallelism()}; servers on core 0 and load on core 1: ${PINNED ? 'yes (taskset)' : 'no (one core or no taskset)'}`,
  `- Node ${process.version}; load average (1/5/15 min) before ${load(loadBefore)}, after ${load(loadavg())}`,
  `- mode: ${quick ? '`--quick`' : 'full'}: ${plan.rounds} rounds per side (ABBA), in-process ${plan.roundMs} ms rounds after ${plan.warmupMs} ms warm-up; HTTP ${plan.httpRoundSec} s rounds after ${plan.httpWarmupSec} s warm-up, ${plan.connections} keep-alive connections (wrk -t1)`,
  `- run: ${new Date(started).toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s`,
].join('\n');
const table = markdownTable(reports, skipped);
console.log(`\n${table}\n\n${machine}`);

if (only) {
  console.log('\n--rows: a partial run; bench/results.md is left as it is');
  process.exit(0);
}
const previous = await readFile(RESULTS, 'utf8').catch(() => '');
const block = `<!-- bench:begin -->\n${table}\n\n${machine}\n<!-- bench:end -->`;
const begin = previous.indexOf('<!-- bench:begin -->');
const end = previous.indexOf('<!-- bench:end -->');
const next =
  begin >= 0 && end > begin
    ? `${previous.slice(0, begin)}${block}${previous.slice(end + '<!-- bench:end -->'.length)}`
    : `# Benchmark results\n\n${block}\n${previous}`;
await writeFile(RESULTS, next);
console.log('\nwritten to bench/results.md');
