import { describe, expect, it } from 'vitest';
import { readTopLevelMember, readTopLevelMembers } from './index.js';

describe('readTopLevelMembers', () => {
  it('returns the exact source text of each member', () => {
    const text = ' { "a" : 300.0 , "b":"x\\"}y", "c\\u0041": [1, {"d": "]"}], "e":{"f":[]},"g":null , "h": -1e5 }';
    const m = readTopLevelMembers(text);
    expect([...m.keys()]).toEqual(['a', 'b', 'cA', 'e', 'g', 'h']);
    expect(m.get('a')).toBe('300.0');
    expect(m.get('b')).toBe('"x\\"}y"');
    expect(m.get('cA')).toBe('[1, {"d": "]"}]');
    expect(m.get('e')).toBe('{"f":[]}');
    expect(m.get('h')).toBe('-1e5');
    expect(readTopLevelMembers('[1]').size).toBe(0);
  });
});

describe('readTopLevelMember', () => {
  it('reads one member exactly, the last one when a key repeats (as JSON.parse does)', () => {
    const text = '{"paymentId":"o\\\\","amount":300.0,"s":"a\\\\\\"b","amount" : 1e2 ,"x":{"amount":5}}';
    expect(JSON.parse(text).amount).toBe(100);
    expect(readTopLevelMember(text, 'amount')).toBe('1e2');
    expect(readTopLevelMembers(text).get('amount')).toBe('1e2');
    expect(readTopLevelMember(text, 's')).toBe('"a\\\\\\"b"');
    expect(readTopLevelMember(text, 'paymentId')).toBe('"o\\\\"');
    expect(readTopLevelMember(text, 'missing')).toBeUndefined();
    expect(readTopLevelMember('"amount"', 'amount')).toBeUndefined();
  });
});
