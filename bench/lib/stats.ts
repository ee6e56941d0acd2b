/** Median of a non-empty list (NaN for an empty one). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The `p`-th percentile (0–100) by nearest rank, of an already sorted list. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** CPU time (user + system) of this process in microseconds since `since`. */
export function cpuMicros(since?: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return u.user + u.system;
}

/** What one side measured in one round. */
export interface RoundFigures {
  /** Operations (or requests) per second: per CPU second for in-process rows, per wall second otherwise. */
  rate: number;
  /** CPU microseconds per operation: this process, or the server's for HTTP rows. */
  cpuUs: number;
  /** Latency percentiles in ms (HTTP and client rows). */
  p50?: number;
  p99?: number;
  /** Failed or non-2xx answers (must be 0 for a valid round). */
  errors?: number;
  /** Memory rows: bytes per record. */
  bytesPerRecord?: number;
}

/** Medians of one side over all rounds. */
export interface SideSummary {
  rate: number;
  cpuUs: number;
  p50?: number;
  p99?: number;
  errors: number;
  bytesPerRecord?: number;
  rounds: number;
}

/** Reduces rounds to medians (errors are summed). */
export function summarize(rounds: readonly RoundFigures[]): SideSummary {
  const pick = (f: (r: RoundFigures) => number | undefined) => {
    const values = rounds.map(f).filter((v): v is number => v !== undefined);
    return values.length ? median(values) : undefined;
  };
  return {
    rate: pick((r) => r.rate) ?? Number.NaN,
    cpuUs: pick((r) => r.cpuUs) ?? Number.NaN,
    p50: pick((r) => r.p50),
    p99: pick((r) => r.p99),
    errors: rounds.reduce((n, r) => n + (r.errors ?? 0), 0),
    bytesPerRecord: pick((r) => r.bytesPerRecord),
    rounds: rounds.length,
  };
}
