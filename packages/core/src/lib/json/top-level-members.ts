/**
 * Reads the exact source text of top-level members of a JSON object, so that signed values (an amount token such
 * as `300` vs `300.0`, a hashed array with its original escaping) can be verified byte for byte. Call these only
 * on text that `JSON.parse` accepted. A key given twice keeps its last value, as `JSON.parse` does.
 *
 * One pass with `charCodeAt` and native `indexOf` jumps over strings (no regular expression, no per-key
 * `JSON.parse` unless the key holds an escape): this runs on every verified callback.
 */

const QUOTE = 0x22; // "
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/**
 * Every top-level member of an object, key → exact value text (empty for anything but an object). Use it when
 * several members are needed; for one member, {@link readTopLevelMember} is cheaper.
 *
 * @example
 * ```ts
 * import { readTopLevelMembers } from './top-level-members.js'
 * readTopLevelMembers('{"amount":300.0,"items":[1, 2]}') // Map { 'amount' => '300.0', 'items' => '[1, 2]' }
 * ```
 */
export function readTopLevelMembers(json: string): Map<string, string> {
  const members = new Map<string, string>();
  scanMembers(json, (key, start, end) => void members.set(key, json.slice(start, end)));
  return members;
}

/**
 * The exact text of one top-level member (the last one when the key repeats), or `undefined`. Cheaper than
 * `readTopLevelMembers(json).get(key)`: no map, and only the wanted value is sliced.
 *
 * @example
 * ```ts
 * import { readTopLevelMember } from './top-level-members.js'
 * readTopLevelMember('{"amount":300.0,"status":"PAID"}', 'amount') // '300.0'
 * ```
 */
export function readTopLevelMember(json: string, key: string): string | undefined {
  let found: string | undefined;
  scanMembers(json, (k, start, end) => {
    if (k === key) found = json.slice(start, end);
  });
  return found;
}

/** Calls `visit(key, valueStart, valueEnd)` for each top-level member, in order. */
function scanMembers(json: string, visit: (key: string, start: number, end: number) => void): void {
  const length = json.length;
  let i = skipWs(json, 0);
  if (json.charCodeAt(i) !== OPEN_BRACE) return;
  i = skipWs(json, i + 1);
  while (i < length && json.charCodeAt(i) !== CLOSE_BRACE) {
    const keyEnd = skipString(json, i);
    const keyText = json.slice(i + 1, keyEnd - 1);
    const key = keyText.indexOf('\\') < 0 ? keyText : (JSON.parse(json.slice(i, keyEnd)) as string);
    i = skipWs(json, keyEnd);
    i = skipWs(json, i + 1); // ':'
    const valueEnd = skipValue(json, i);
    visit(key, i, valueEnd);
    i = skipWs(json, valueEnd);
    if (json.charCodeAt(i) === COMMA) i = skipWs(json, i + 1);
  }
}

/** True for the four JSON whitespace characters. */
function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipWs(s: string, i: number): number {
  while (i < s.length && isWs(s.charCodeAt(i))) i++;
  return i;
}

/** `i` points at an opening quote; returns the index after the closing one. */
function skipString(s: string, i: number): number {
  let at = i + 1;
  for (;;) {
    const quote = s.indexOf('"', at);
    if (quote < 0) return s.length;
    // The quote closes the string unless an odd number of backslashes precede it.
    let slashes = 0;
    while (s.charCodeAt(quote - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

function skipValue(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === QUOTE) return skipString(s, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return skipContainer(s, i);
  // number, true, false, null
  while (i < s.length) {
    const ch = s.charCodeAt(i);
    if (ch === COMMA || ch === CLOSE_BRACE || ch === CLOSE_BRACKET || isWs(ch)) break;
    i++;
  }
  return i;
}

/** `i` points at `{` or `[`; returns the index after its matching closer. */
function skipContainer(s: string, i: number): number {
  let depth = 0;
  while (i < s.length) {
    const ch = s.charCodeAt(i);
    if (ch === QUOTE) {
      i = skipString(s, i);
      continue;
    }
    if (ch === OPEN_BRACE || ch === OPEN_BRACKET) depth++;
    else if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return i;
}
