import { request } from 'node:http';
import { gzipSync } from 'node:zlib';

/** An answer read off the wire. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Body bytes the client had written when the answer arrived. */
  written: number;
}

/** Options of {@link rawRequest}. */
export interface RawRequest {
  method?: string;
  /** Sent exactly as given (no URL normalisation): `/webhooks/%zz` stays `%zz`. */
  path: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  /** Instead of `body`: stream this many bytes in 64 KiB chunks (chunked), stopping once the answer arrives. */
  stream?: number;
}

/** One request to 127.0.0.1:`port` with node:http, resolving with the answer. */
export function rawRequest(port: number, opts: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request(
      { host: '127.0.0.1', port, method: opts.method ?? 'POST', path: opts.path, headers: opts.headers ?? {} },
      (res) => {
        answered = true;
        const at = written;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            written: at,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (err) => (answered ? undefined : reject(err)));
    if (opts.stream === undefined) {
      req.end(opts.body);
      return;
    }
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pump = (): void => {
      while (!answered && !req.destroyed && written < (opts.stream as number)) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered && !req.destroyed) req.end();
    };
    pump();
  });
}

/** `{"error":{"code":…}}` of a paywire answer, or undefined when the body is something else. */
export function paywireCode(answer: { text: string }): string | undefined {
  try {
    return (JSON.parse(answer.text) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/** A gzip body (for `Content-Encoding: gzip`). */
export const gzip = (text: string): Buffer => gzipSync(Buffer.from(text));
