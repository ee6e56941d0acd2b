import { describe, expect, it } from 'vitest';
import { createDeadlines } from './deadlines.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createDeadlines', () => {
  it('expires unsettled deadlines in order, once each, and never a settled one', async () => {
    const deadlines = createDeadlines(30);
    const fired: string[] = [];
    const a = deadlines.add(() => fired.push('a'));
    const b = deadlines.add(() => fired.push('b'));
    deadlines.add(() => fired.push('c'));
    deadlines.settle(b);
    deadlines.settle(b);
    expect(deadlines.pending).toBe(2);
    await wait(80);
    expect(fired).toEqual(['a', 'c']);
    deadlines.settle(a); // after expiry: nothing happens
    expect(deadlines.pending).toBe(0);
  });

  it('keeps working after the queue drained, and for entries added while others are pending', async () => {
    const deadlines = createDeadlines(20);
    const fired: number[] = [];
    deadlines.settle(deadlines.add(() => fired.push(0)));
    deadlines.add(() => fired.push(1));
    await wait(10);
    deadlines.add(() => fired.push(2));
    await wait(60);
    expect(fired).toEqual([1, 2]);
  });

  it('refuses a timeout that is not a positive finite number', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => createDeadlines(bad)).toThrow(TypeError);
  });
});
