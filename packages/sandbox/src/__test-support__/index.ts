/** Shared test setup for the sandbox's own tests (never built or published). */
import type { IncomingMessage } from 'node:http';

/** A logger that drops everything. */
export const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** Reads a whole request body (the test merchants hand it to `paywire.webhooks.handle`). */
export async function read(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
