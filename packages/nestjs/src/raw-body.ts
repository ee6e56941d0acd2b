import type { IncomingMessage } from 'node:http';

/** Keep at most this many bytes (the rest is drained); the pipeline's own `maxBodyBytes` check answers 413. */
const READ_LIMIT = 16 * 1024 * 1024;

/**
 * Reads a request body that no body parser consumed (the app was created with `{ bodyParser: false }`, or the
 * content type is not one Nest parses). Returns an empty buffer when the stream was already read. Internal.
 *
 * @example
 * ```ts
 * const bytes = await readUnparsedBody(req)
 * ```
 * @throws Error when the connection fails while reading.
 */
export async function readUnparsedBody(req: IncomingMessage): Promise<Buffer> {
  if (req.readableEnded || !req.readable) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    if (size <= READ_LIMIT) chunks.push(buffer);
    size += buffer.byteLength;
  }
  return Buffer.concat(chunks);
}
