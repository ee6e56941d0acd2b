/** How long and how often each side runs; `--quick` keeps a whole `pnpm bench` under a minute. */
export interface Plan {
  quick: boolean;
  /** Measured rounds per side; sides alternate ABBA (ours, alt, alt, ours, …) to cancel drift. */
  rounds: number;
  /** In-process rows: warm-up and round length in ms. */
  warmupMs: number;
  roundMs: number;
  /** HTTP rows: warm-up (0: none) and round length in whole seconds (wrk's unit). */
  httpWarmupSec: number;
  httpRoundSec: number;
  /** Keep-alive connections of the load generator, and in-flight calls of client rows. */
  connections: number;
}

/** The plan for `--quick` or a full run. */
export function planFor(quick: boolean): Plan {
  return quick
    ? // no HTTP warm-up: a minute holds the servers' start-up but not a second per side more (figures indicative)
      { quick, rounds: 2, warmupMs: 100, roundMs: 200, httpWarmupSec: 0, httpRoundSec: 1, connections: 16 }
    : { quick, rounds: 6, warmupMs: 1000, roundMs: 1000, httpWarmupSec: 2, httpRoundSec: 3, connections: 16 };
}

/** `true` for rounds where `ours` runs first (ABBA order). */
export function oursFirst(round: number): boolean {
  return round % 2 === 0;
}
