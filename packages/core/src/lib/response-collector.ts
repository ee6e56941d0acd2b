import type { Dispatcher } from 'undici';

/** The status, headers and body text of one response. Internal. */
export interface CollectedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as UTF-8 text, a leading byte order mark dropped (what undici's `body.text()` gives). */
  text: string;
}

/** What a {@link ResponseCollector} reports to, once. */
export interface CollectorOutcome {
  /** The whole response arrived. */
  resolve(res: CollectedResponse): void;
  /** undici failed (connection, socket, its own timeouts), or {@link ResponseCollector.abort} was called. */
  reject(err: Error): void;
}

/** The body bytes as text: UTF-8, without a leading byte order mark (as undici's `body.text()`). */
function utf8Text(chunks: readonly Buffer[]): string {
  if (chunks.length === 0) return '';
  const buffer = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  const bom = buffer.length > 2 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  return buffer.toString('utf8', bom ? 3 : 0);
}

/**
 * An undici dispatch handler that keeps one response in memory and reports it once. It is what `undici.request` +
 * `body.text()` do without the `Readable` stream and the `AsyncResource` that `request` makes for every call (they
 * cost more than the rest of a provider call). Informational (1xx) answers are skipped, as `request` does.
 * Internal.
 *
 * @example
 * ```ts
 * import { Agent } from 'undici'
 * import { ResponseCollector } from './response-collector.js'
 * const collector = new ResponseCollector({ resolve: (res) => console.log(res.status), reject: console.error })
 * new Agent().dispatch({ origin: 'http://127.0.0.1:8080', path: '/', method: 'GET' }, collector)
 * ```
 */
export class ResponseCollector implements Dispatcher.DispatchHandler {
  #outcome: CollectorOutcome | undefined;
  #controller: Dispatcher.DispatchController | undefined;
  /** Set once the collector has reported, or was aborted before the request started. */
  #abortedWith: Error | undefined;
  #status = 0;
  #headers: Record<string, string | string[] | undefined> = {};
  #chunks: Buffer[] = [];

  constructor(outcome: CollectorOutcome) {
    this.#outcome = outcome;
  }

  /**
   * Rejects with `err` now (unless the collector already reported) and aborts the request: at once when it is on a
   * socket, else as soon as undici starts it.
   */
  abort(err: Error): void {
    const outcome = this.#outcome;
    if (outcome === undefined) return;
    this.#outcome = undefined;
    this.#abortedWith = err;
    this.#controller?.abort(err);
    outcome.reject(err);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    if (this.#abortedWith !== undefined) controller.abort(this.#abortedWith);
    else this.#controller = controller;
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (statusCode < 200) return;
    this.#status = statusCode;
    this.#headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    const outcome = this.#outcome;
    if (outcome === undefined) return;
    this.#outcome = undefined;
    this.#controller = undefined;
    outcome.resolve({ status: this.#status, headers: this.#headers, text: utf8Text(this.#chunks) });
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, err: Error): void {
    const outcome = this.#outcome;
    if (outcome === undefined) return;
    this.#outcome = undefined;
    this.#controller = undefined;
    outcome.reject(err);
  }
}
