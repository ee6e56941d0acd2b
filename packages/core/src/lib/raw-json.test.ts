import { describe, expect, it } from 'vitest';
import { topLevelMembers } from './raw-json.js';

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
