/**
 * Deadlines for in-flight requests that all share one timeout, kept with one timer instead of an
 * `AbortController` + `setTimeout` per request (the signal alone cost more than the rest of the client).
 * Internal.
 */

/** One registered deadline. */
export interface Deadline {
  /** When it expires, in `performance.now()` milliseconds. */
  readonly at: number;
  /** Called once when the deadline passes before {@link Deadlines.settle}. */
  expire: (() => void) | undefined;
}

/** A FIFO of deadlines: every entry gets the same timeout, so they expire in the order they were added. */
export interface Deadlines {
  /** Registers `expire`, called `timeoutMs` from now unless {@link Deadlines.settle} comes first. */
  add(expire: () => void): Deadline;
  /** Marks a deadline as met; its `expire` is never called. */
  settle(deadline: Deadline): void;
  /** How many registered deadlines are neither settled nor expired (for tests). */
  readonly pending: number;
}

/**
 * Creates a deadline queue with one unref'd timer, armed only while a deadline is pending.
 *
 * @example
 * ```ts
 * import type { Readable } from 'node:stream'
 * import { createDeadlines } from './deadlines.js'
 * declare const body: Readable
 * declare function work(): Promise<void>
 * const deadlines = createDeadlines(15_000)
 * const d = deadlines.add(() => body.destroy(new Error('timeout')))
 * try { await work() } finally { deadlines.settle(d) }
 * ```
 * @throws TypeError when `timeoutMs` is not a positive finite number.
 */
export function createDeadlines(timeoutMs: number): Deadlines {
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs))
    throw new TypeError('deadlines: timeoutMs must be a positive finite number');
  let queue: Deadline[] = [];
  let head = 0;
  let pending = 0;
  let timer: NodeJS.Timeout | undefined;

  /** Drops settled entries at the head and compacts the array now and then. */
  const trim = (): void => {
    while (head < queue.length && (queue[head] as Deadline).expire === undefined) head++;
    if (head === queue.length) {
      queue = [];
      head = 0;
    } else if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  };

  const arm = (): void => {
    const first = queue[head];
    if (timer !== undefined || first === undefined) return;
    timer = setTimeout(fire, Math.max(0, first.at - performance.now()) + 1);
    timer.unref();
  };

  function fire(): void {
    timer = undefined;
    const now = performance.now();
    while (head < queue.length && (queue[head] as Deadline).at <= now) {
      const entry = queue[head++] as Deadline;
      const expire = entry.expire;
      if (expire === undefined) continue;
      entry.expire = undefined;
      pending--;
      expire();
    }
    trim();
    arm();
  }

  return {
    add(expire) {
      const entry: Deadline = { at: performance.now() + timeoutMs, expire };
      queue.push(entry);
      pending++;
      arm();
      return entry;
    },
    settle(entry) {
      if (entry.expire === undefined) return;
      entry.expire = undefined;
      pending--;
      if (entry === queue[head]) trim();
    },
    get pending() {
      return pending;
    },
  };
}
