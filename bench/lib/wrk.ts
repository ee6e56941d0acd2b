import { fileURLToPath } from 'node:url';
import { spawnOn } from './processes.js';

/** What one wrk run reports. */
export interface WrkFigures {
  requests: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  /** Non-2xx answers plus socket errors. */
  errors: number;
}

const SCRIPT = fileURLToPath(new URL('./wrk-post.lua', import.meta.url));
const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function latencyMs(output: string, label: string): number {
  const match = new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(output);
  return match ? Number(match[1]) * (UNIT_MS[match[2] as string] as number) : Number.NaN;
}

/** Parses wrk's `--latency` output. */
export function parseWrk(output: string): WrkFigures {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m)/.exec(output);
  if (!total) throw new Error(`wrk printed no totals:\n${output}`);
  const seconds = (Number(total[2]) * (UNIT_MS[total[3] as string] as number)) / 1000;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0;
  const requests = Number(total[1]);
  return {
    requests,
    seconds,
    rate: requests / seconds,
    p50: latencyMs(output, '50'),
    p99: latencyMs(output, '99'),
    errors: non2xx + socketErrors,
  };
}

/** Runs wrk (one thread, on the load core) POSTing the bodies of `bodiesPath` from `offset` on. */
export function runWrk(
  url: string,
  options: { seconds: number; connections: number; bodiesPath: string; offset: number; contentType: string },
): Promise<WrkFigures> {
  const argv = [
    'wrk',
    '-t1',
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    '--latency',
    '-s',
    SCRIPT,
    url,
    '--',
    options.bodiesPath,
    String(options.offset),
    options.contentType,
  ];
  const child = spawnOn('load', argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(parseWrk(output)) : reject(new Error(`wrk exited with ${code}:\n${output}`)),
    );
  });
}
