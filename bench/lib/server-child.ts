/**
 * One server of an HTTP or client row, in its own process (pinned to the server core by the parent):
 * `server-child.ts <row id> <ours|alternative|serve> [fixtures.json]`. Reports `{ port }` over IPC, answers
 * `{ type: 'cpu' }` with its CPU microseconds, and exits on `{ type: 'exit' }`.
 */
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { findRow } from '../rows/index.js';
import type { HttpFixtures } from './row.js';
import { cpuMicros } from './stats.js';

const [id, side, fixturesPath] = process.argv.slice(2) as [string, string, string | undefined];
const row = await findRow(id);
let server: Server;
if (row.kind === 'client' && side === 'serve') server = await row.serve();
else if (row.kind === 'http' && fixturesPath) {
  const fixtures = JSON.parse(await readFile(fixturesPath, 'utf8')) as HttpFixtures;
  server = side === 'ours' ? await row.serveOurs(fixtures) : await row.serveAlternative(fixtures);
} else throw new Error(`server-child: row ${id} has no server side "${side}"`);

process.on('message', (message: { type: string }) => {
  if (message.type === 'cpu') process.send?.({ type: 'cpu', micros: cpuMicros() });
  if (message.type === 'exit') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
// The row process is gone (crashed, interrupted): never outlive it.
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'port', port: (server.address() as AddressInfo).port });
