/**
 * What a benchmark row is. A row is one small file in `bench/rows/` exporting a `row` built with one of the
 * `*Row` helpers below: its two sides, `ours` (paywire) and `alternative` (what an app writes without it).
 */
import type { Server } from 'node:http';

/** How a row's ratio is judged: `min` for "ours ÷ alternative must be at least", `max` for "at most". */
export interface Target {
  text: string;
  min?: number;
  max?: number;
}

/** Fields every row has. */
interface RowBase {
  /** Short id used on the command line and in the table: `A`, `A′`, `D`… (`--rows A,D`). */
  id: string;
  /** What `ours` is. */
  ours: string;
  /** What `alternative` is. */
  against: string;
  target: Target;
}

/** One side of an in-process row: `op(i)` does one unit of work (sync, or a promise). */
export interface Side {
  op(i: number): unknown;
  close?(): Promise<void> | void;
}

/** Settings a row may scale its fixtures by (`--quick` makes them smaller). */
export interface Scale {
  quick: boolean;
}

/** A row measured inside one process: operations per CPU second, alternating sides. */
export interface InProcessRow extends RowBase {
  kind: 'in-process';
  setup(scale: Scale): Promise<{ ours: Side; alternative: Side; close?(): Promise<void> | void }>;
}

/** What the load generator sends to an HTTP row's servers: bodies are POSTed in order, one per request. */
export interface HttpFixtures {
  path: string;
  contentType: string;
  /** Each a single line (JSON without raw newlines). */
  bodies: string[];
  /** Anything else the servers need (sessions…), JSON-serializable. */
  extra?: unknown;
  /** What the row's `services()` returned as `forServers` (URLs of the databases it started); set by the harness. */
  services?: unknown;
}

/** Databases an HTTP row's servers share (a redis-server, a PostgreSQL), started and stopped by the row process. */
export interface RowServices {
  /** Handed to both servers as `fixtures.services` (JSON-serializable: URLs, not clients). */
  forServers: unknown;
  /** Stops and removes them; called after the last round, also when a round failed. */
  stop(): Promise<void>;
}

/** A row whose two sides are HTTP servers, each in its own process, loaded by `wrk` (p50/p99 too). */
export interface HttpServerRow extends RowBase {
  kind: 'http';
  /** Built once per run in the row's process and handed to both servers. */
  fixtures(scale: Scale): Promise<HttpFixtures>;
  /**
   * Optional: starts what both servers need before they start, in the row process (so on the load core, with
   * wrk: a database never takes CPU from the server under test).
   */
  services?(scale: Scale): Promise<RowServices>;
  /** Start the server listening on 127.0.0.1 (any port). Runs in the server process. */
  serveOurs(fixtures: HttpFixtures): Promise<Server>;
  serveAlternative(fixtures: HttpFixtures): Promise<Server>;
}

/** A row that measures a client against one local server (in its own process): ops/s, CPU and p50/p99 per call. */
export interface ClientRow extends RowBase {
  kind: 'client';
  /** Runs in the server process. */
  serve(): Promise<Server>;
  /** `origin` is `http://127.0.0.1:<port>`; `op(i)` makes one call. */
  setup(origin: string): Promise<{ ours: Side; alternative: Side }>;
}

/** A row that measures retained heap per record (run with `--expose-gc`). */
export interface MemoryRow extends RowBase {
  kind: 'memory';
  records(scale: Scale): number;
  /** Fill a structure with `n` records and return it (kept alive while the heap is measured). */
  fillOurs(n: number): Promise<unknown>;
  fillAlternative(n: number): Promise<unknown>;
}

/** Any row. */
export type Row = InProcessRow | HttpServerRow | ClientRow | MemoryRow;

/** A row that is listed but not run this time (`--quick` skips the store rows): its texts and why. */
export interface PendingRow {
  id: string;
  ours: string;
  against: string;
  /** Why it does not run here (shown in the table's "met" column). */
  pending: string;
}
