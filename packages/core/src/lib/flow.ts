/**
 * Code that waits for values which may or may not be promises, written once for both. A flow is a generator that
 * yields what it waits for (`const x = yield* wait(store.get(k))`); {@link runFlow} resumes it synchronously while
 * it yields plain values, and goes asynchronous at the first promise. The webhook pipeline runs its event flow
 * this way: on the in-memory store every step is synchronous, so a delivery pays no promise and no microtask per
 * store operation, while a Redis or PostgreSQL store is awaited as before. Internal.
 */

/** A computation that yields the values it waits for and returns `T`. */
export type Flow<T> = Generator<unknown, T, unknown>;

/** A value or a promise of it. */
export type MaybePromise<T> = T | PromiseLike<T>;

/** True for a promise or any other thenable. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Waits inside a flow for a value or a promise: the flow is resumed with the value, or with what the promise
 * resolves to; a rejection is thrown at the `yield*`.
 *
 * @example
 * ```ts
 * import { wait, type Flow } from './flow.js'
 * function* twice(value: number | Promise<number>): Flow<number> {
 *   return 2 * (yield* wait(value))
 * }
 * ```
 */
export function* wait<T>(value: MaybePromise<T>): Flow<T> {
  return (yield value) as T;
}

/**
 * Runs a flow to its end: synchronously (returning its result, or throwing what it throws) while it waits only for
 * plain values; from the first promise on, asynchronously (returning a promise of its result).
 *
 * @example
 * ```ts
 * import { runFlow, wait, type Flow } from './flow.js'
 * function* sum(a: number | Promise<number>, b: number): Flow<number> {
 *   return (yield* wait(a)) + b
 * }
 * runFlow(sum(1, 2)) // 3, synchronously
 * await runFlow(sum(Promise.resolve(1), 2)) // 3
 * ```
 * @throws whatever the flow throws before it first waits for a promise.
 */
export function runFlow<T>(flow: Flow<T>): T | Promise<T> {
  let step = flow.next();
  while (!step.done) {
    if (isThenable(step.value)) return finish(flow, step.value);
    step = flow.next(step.value);
  }
  return step.value;
}

async function finish<T>(flow: Flow<T>, pending: PromiseLike<unknown>): Promise<T> {
  let value: unknown = pending;
  for (;;) {
    let step: IteratorResult<unknown, T>;
    if (isThenable(value)) {
      let settled: unknown;
      try {
        settled = await value;
      } catch (err) {
        step = flow.throw(err); // the flow's own error, if any, leaves through here to the caller
        if (step.done) return step.value;
        value = step.value;
        continue;
      }
      step = flow.next(settled);
    } else step = flow.next(value);
    if (step.done) return step.value;
    value = step.value;
  }
}
