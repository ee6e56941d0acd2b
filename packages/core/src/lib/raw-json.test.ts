import { describe, expect, it } from 'vitest';
import { topLevelMember, topLevelMembers } from './raw-json.js';

describe('topLevelMembers', () => {
  it('returns the exact source text of each member', () => {
    const text = ' { "a" : 300.0 , "b":"x\\"}y", "c\\u0041": [1, {"d": "]"}], "e":{"f":[]},"g":null , "h": -1e5 }';
    const m = topLevelMembers(text);
    expect([...m.keys()]).toEqual(['a', 'b', 'cA', 'e', 'g', 'h']);
    expect(m.get('a')).toBe('300.0');
    expect(m.get('b')).toBe('"x\\"}y"');
    expect(m.get('cA')).toBe('[1, {"d": "]"}]');
    expect(m.get('e')).toBe('{"f":[]}');
    expect(m.get('h')).toBe('-1e5');
    expect(topLevelMembers('[1]').size).toBe(0);
  });
});

describe('topLevelMember', () => {
  it('reads one member exactly, the last one when a key repeats (as JSON.parse does)', () => {
    const text = '{"paymentId":"o\\\\","amount":300.0,"s":"a\\\\\\"b","amount" : 1e2 ,"x":{"amount":5}}';
    expect(JSON.parse(text).amount).toBe(100);
    expect(topLevelMember(text, 'amount')).toBe('1e2');
    expect(topLevelMembers(text).get('amount')).toBe('1e2');
    expect(topLevelMember(text, 's')).toBe('"a\\\\\\"b"');
    expect(topLevelMember(text, 'paymentId')).toBe('"o\\\\"');
    expect(topLevelMember(text, 'missing')).toBeUndefined();
    expect(topLevelMember('"amount"', 'amount')).toBeUndefined();
  });
});
