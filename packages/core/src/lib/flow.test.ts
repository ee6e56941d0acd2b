import { describe, expect, it } from 'vitest';
import { runFlow, wait, type Flow } from './flow.js';

function* add(a: number | Promise<number>, b: number | Promise<number>, log: string[]): Flow<number> {
  log.push('start');
  const x = yield* wait(a);
  log.push(`a=${x}`);
  const y = yield* wait(b);
  log.push(`b=${y}`);
  return x + y;
}

describe('runFlow', () => {
  it('runs synchronously while the flow waits only for plain values', () => {
    const log: string[] = [];
    expect(runFlow(add(1, 2, log))).toBe(3);
    expect(log).toEqual(['start', 'a=1', 'b=2']);
  });

  it('goes asynchronous at the first promise and resumes with what it resolves to', async () => {
    const log: string[] = [];
    const result = runFlow(add(1, Promise.resolve(2), log));
    expect(result).toBeInstanceOf(Promise);
    expect(log).toEqual(['start', 'a=1']); // nothing after the promise ran yet
    await expect(result).resolves.toBe(3);
    expect(log).toEqual(['start', 'a=1', 'b=2']);
  });

  it('keeps going after a promise: later plain values and promises', async () => {
    function* chain(): Flow<string> {
      const a = yield* wait(Promise.resolve('a'));
      const b = yield* wait('b');
      const c = yield* wait(Promise.resolve('c'));
      return a + b + c;
    }
    await expect(runFlow(chain())).resolves.toBe('abc');
  });

  it('throws a rejection into the flow, where try/catch sees it', async () => {
    function* recover(): Flow<string> {
      try {
        yield* wait(Promise.reject(new Error('down')));
        return 'not reached';
      } catch (err) {
        return `caught ${(err as Error).message}`;
      }
    }
    await expect(runFlow(recover())).resolves.toBe('caught down');
  });

  it("rejects with the flow's own error after a promise, and throws it before one", async () => {
    function* failsAfter(value: unknown): Flow<never> {
      yield* wait(value);
      throw new Error('flow failed');
    }
    expect(() => runFlow(failsAfter(1))).toThrow('flow failed');
    await expect(runFlow(failsAfter(Promise.resolve(1)))).rejects.toThrow('flow failed');
    await expect(runFlow(failsAfter(Promise.reject(new Error('rejected'))))).rejects.toThrow('rejected');
  });

  it('runs finally blocks on every path', async () => {
    const log: string[] = [];
    function* guarded(value: unknown): Flow<void> {
      try {
        yield* wait(value);
      } finally {
        log.push('finally');
      }
    }
    expect(runFlow(guarded(1))).toBeUndefined();
    await runFlow(guarded(Promise.resolve(1)));
    await expect(runFlow(guarded(Promise.reject(new Error('x'))))).rejects.toThrow('x');
    expect(log).toEqual(['finally', 'finally', 'finally']);
  });

  it('waits for thenables that are not promises', async () => {
    const thenable = { then: (resolve: (v: number) => void) => resolve(7) };
    function* read(): Flow<number> {
      return yield* wait(thenable as PromiseLike<number>);
    }
    await expect(runFlow(read())).resolves.toBe(7);
  });
});
