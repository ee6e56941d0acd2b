import { describe, expect, it } from 'vitest';
import { jsonNumber, stringifyJsonWithRawNumbers } from './index.js';

describe('stringifyJsonWithRawNumbers', () => {
  it('writes marked decimals verbatim, anywhere in the value', () => {
    expect(stringifyJsonWithRawNumbers({ amount: jsonNumber('5100.00'), list: [jsonNumber('0.10'), 2], s: 'x' })).toBe(
      '{"amount":5100.00,"list":[0.10,2],"s":"x"}',
    );
    expect(stringifyJsonWithRawNumbers({ a: 1 })).toBe('{"a":1}');
  });

  it('cannot be fooled by a string that looks like the placeholder', () => {
    const out = stringifyJsonWithRawNumbers({ note: '\u0000raw0:0', amount: jsonNumber('1.50') });
    expect(JSON.parse(out)).toEqual({ note: '\u0000raw0:0', amount: 1.5 });
    expect(out).toContain('"amount":1.50');
  });

  it('refuses text that is not a plain decimal', () => {
    for (const bad of ['1e5', '01', '1.', 'NaN', '1,5', '']) expect(() => jsonNumber(bad)).toThrow(TypeError);
    expect(JSON.stringify({ a: jsonNumber('2.50') })).toBe('{"a":2.5}');
  });
});
