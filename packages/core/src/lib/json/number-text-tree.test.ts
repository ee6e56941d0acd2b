import { describe, expect, it } from 'vitest';
import { objectMember, parseJsonKeepingNumberText } from './index.js';

describe('parseJsonKeepingNumberText', () => {
  it('keeps every number token as sent, and members in order with their duplicates', () => {
    const tree = parseJsonKeepingNumberText(' {"a":500.50,"b":[1E2,-0.0,9007199254740993],"a":"x\\/y","c":{}} ');
    expect(tree).toEqual({
      kind: 'object',
      entries: [
        ['a', { kind: 'number', token: '500.50' }],
        [
          'b',
          {
            kind: 'array',
            items: [
              { kind: 'number', token: '1E2' },
              { kind: 'number', token: '-0.0' },
              { kind: 'number', token: '9007199254740993' },
            ],
          },
        ],
        ['a', { kind: 'string', value: 'x/y' }],
        ['c', { kind: 'object', entries: [] }],
      ],
    });
    expect(objectMember(tree, 'a')).toEqual({ kind: 'string', value: 'x/y' });
    expect(objectMember(tree, 'missing')).toBeUndefined();
    expect(objectMember(objectMember(tree, 'b'), '0')).toBeUndefined();
  });

  it('refuses text that is not JSON, naming the provider only when given one', () => {
    expect(() => parseJsonKeepingNumberText('{"a":1} x')).toThrowError(
      expect.objectContaining({
        code: 'ERR_PAYLOAD_INVALID',
        message: 'the JSON is invalid at offset 8: unexpected text after the value',
        provider: undefined,
      }),
    );
    expect(() => parseJsonKeepingNumberText('{"a":', 'paykassma')).toThrowError(
      expect.objectContaining({
        code: 'ERR_PAYLOAD_INVALID',
        message: 'paykassma: the JSON is invalid at offset 5: unexpected character',
        provider: 'paykassma',
      }),
    );
  });

  it('refuses nesting deeper than 64 levels, which JSON.parse would accept', () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(() => JSON.parse(deep(66)) as unknown).not.toThrow();
    expect(parseJsonKeepingNumberText(deep(65)).kind).toBe('array');
    expect(() => parseJsonKeepingNumberText(deep(66))).toThrowError(/nested deeper than 64 levels/);
  });
});
