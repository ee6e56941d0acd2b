import type { PendingRow, Target } from './row.js';
import { summarize, type RoundFigures, type SideSummary } from './stats.js';

/** A row's texts and kind, as the row process reports them (`RESULT {head, rounds}`). */
export interface RowFigures {
  id: string;
  kind: 'in-process' | 'http' | 'client' | 'memory';
  ours: string;
  against: string;
  target: Target;
}

/** A row's figures, reduced. */
export interface RowReport {
  id: string;
  kind: RowFigures['kind'];
  oursText: string;
  against: string;
  target: Target;
  ours: SideSummary;
  alternative: SideSummary;
  /** ours ÷ alternative on the row's main figure (throughput; for memory rows alternative B ÷ ours B). */
  ratio: number;
  /** alternative CPU per op ÷ ours (server CPU for HTTP rows, this process otherwise). */
  cpuRatio: number;
  /** ours p99 ÷ alternative p99 (HTTP and client rows). */
  p99Ratio?: number;
  met: boolean;
}

/** Reduces a row's rounds to medians and ratios. */
export function reportRow(head: RowFigures, rounds: { ours: RoundFigures[]; alternative: RoundFigures[] }): RowReport {
  const ours = summarize(rounds.ours);
  const alternative = summarize(rounds.alternative);
  const memory = head.kind === 'memory';
  const ratio = memory
    ? (alternative.bytesPerRecord as number) / (ours.bytesPerRecord as number)
    : ours.rate / alternative.rate;
  const p99Ratio = ours.p99 !== undefined && alternative.p99 !== undefined ? ours.p99 / alternative.p99 : undefined;
  const judged = memory ? (ours.bytesPerRecord as number) : ratio;
  const met =
    (head.target.min === undefined || judged >= head.target.min) &&
    (head.target.max === undefined || judged <= head.target.max) &&
    ours.errors === 0 &&
    alternative.errors === 0;
  return {
    id: head.id,
    kind: head.kind,
    oursText: head.ours,
    against: head.against,
    target: head.target,
    ours,
    alternative,
    ratio,
    cpuRatio: alternative.cpuUs / ours.cpuUs,
    p99Ratio,
    met,
  };
}

const n = (v: number | undefined, digits = 0) =>
  v === undefined || Number.isNaN(v)
    ? '–'
    : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : v < 1 ? v.toFixed(3) : v.toFixed(2));

function figure(row: RowReport, side: SideSummary): string {
  if (row.kind === 'memory') return `${n(side.bytesPerRecord)} B/record`;
  const unit = row.kind === 'in-process' ? 'ops/CPU-s' : row.kind === 'http' ? 'req/s' : 'calls/s';
  return `${n(side.rate)} ${unit}`;
}

/** The results table in Markdown. */
export function markdownTable(rows: readonly RowReport[], pending: readonly PendingRow[]): string {
  const lines = [
    '| row | ours | against | ours | alternative | ratio | CPU ratio | p50 ms ours / alt | p99 ms ours / alt | p99 ÷ | target | met | errors |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const latency = r.ours.p50 !== undefined ? `${ms(r.ours.p50)} / ${ms(r.alternative.p50)}` : '–';
    const tail = r.ours.p99 !== undefined ? `${ms(r.ours.p99)} / ${ms(r.alternative.p99)}` : '–';
    lines.push(
      `| ${r.id} | ${r.oursText} | ${r.against} | ${figure(r, r.ours)} | ${figure(r, r.alternative)} | ${n(r.ratio, 2)} | ${n(r.cpuRatio, 2)} | ${latency} | ${tail} | ${n(r.p99Ratio, 2)} | ${r.target.text} | ${r.met ? 'yes' : 'no'} | ${r.ours.errors + r.alternative.errors} |`,
    );
  }
  for (const p of pending)
    lines.push(`| ${p.id} | ${p.ours} | ${p.against} | – | – | – | – | – | – | – | – | ${p.pending} | – |`);
  return lines.join('\n');
}
