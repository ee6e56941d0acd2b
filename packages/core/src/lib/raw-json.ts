/**
 * Reads the exact source text of each top-level member of a JSON object, so that signed values (an amount
 * token such as `300` vs `300.0`, a hashed array with its original escaping) can be verified byte for byte.
 * Call it only on text that `JSON.parse` accepted.
 */
export function topLevelMembers(json: string): Map<string, string> {
  const members = new Map<string, string>();
  let i = skipWs(json, 0);
  if (json[i] !== '{') return members;
  i = skipWs(json, i + 1);
  while (i < json.length && json[i] !== '}') {
    const keyEnd = skipString(json, i);
    const key = JSON.parse(json.slice(i, keyEnd)) as string;
    i = skipWs(json, keyEnd);
    i = skipWs(json, i + 1); // ':'
    const valueStart = i;
    const valueEnd = skipValue(json, i);
    members.set(key, json.slice(valueStart, valueEnd));
    i = skipWs(json, valueEnd);
    if (json[i] === ',') i = skipWs(json, i + 1);
  }
  return members;
}

function skipWs(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\r' || s[i] === '\t')) i++;
  return i;
}

/** `i` points at an opening quote; returns the index after the closing one. */
function skipString(s: string, i: number): number {
  i++;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  return i;
}

function skipValue(s: string, i: number): number {
  const c = s[i];
  if (c === '"') return skipString(s, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    while (i < s.length) {
      const ch = s[i];
      if (ch === '"') {
        i = skipString(s, i);
        continue;
      }
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  // number, true, false, null
  while (i < s.length && !/[\s,}\]]/.test(s[i] as string)) i++;
  return i;
}
