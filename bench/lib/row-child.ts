/**
 * One row, in its own process: `row-child.ts <row id> <quick: 0|1>`. Prints `RESULT <json>` with the figures of
 * every round of both sides. Started by run.ts on the load core.
 */
import { findRow } from '../rows/index.js';
import { measureClient } from './client.js';
import { measureHttp } from './http.js';
import { measureInProcess } from './inprocess.js';
import { measureMemory } from './memory.js';
import { planFor } from './plan.js';

const [id, quick] = process.argv.slice(2) as [string, string];
const row = await findRow(id);
const plan = planFor(quick === '1');
const figures =
  row.kind === 'in-process'
    ? await measureInProcess(row, plan)
    : row.kind === 'http'
      ? await measureHttp(row, plan)
      : row.kind === 'client'
        ? await measureClient(row, plan)
        : await measureMemory(row, plan);
const { kind, ours, against, target } = row;
process.stdout.write(`RESULT ${JSON.stringify({ head: { id, kind, ours, against, target }, rounds: figures })}\n`);
process.exit(0);
