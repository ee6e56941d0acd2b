/**
 * Cutting one member out of a JSON object's exact text, so that the bytes Paykassma signed before it added
 * `signature` can be hashed as received. Internal.
 * @module
 */

/** Where a top-level member sits in the text: from its key's opening quote to the end of its value. */
interface MemberSpan {
  key: string;
  start: number;
  end: number;
}

/**
 * The object's text without its top-level member `key`, with the comma that joined it to its neighbour:
 * `{"signature":"…","a":1}` → `{"a":1}`, `{"a":1,"signature":"…"}` → `{"a":1}`. Undefined when the text is
 * not an object, or has the member not exactly once. Call it only on text that `JSON.parse` accepted.
 *
 * @example
 * ```ts
 * import { withoutTopLevelMember } from './raw-cut.js'
 * withoutTopLevelMember('{"signature":"ab","amount":500}', 'signature') // '{"amount":500}'
 * ```
 */
export function withoutTopLevelMember(text: string, key: string): string | undefined {
  const spans = topLevelSpans(text);
  if (spans === undefined) return undefined;
  const index = spans.findIndex((s) => s.key === key);
  if (index < 0 || spans.findIndex((s, i) => i > index && s.key === key) >= 0) return undefined;
  const span = spans[index] as MemberSpan;
  const next = spans[index + 1];
  const previous = spans[index - 1];
  if (next) return text.slice(0, span.start) + text.slice(next.start); // the member, its comma, the space after
  if (previous) return text.slice(0, previous.end) + text.slice(span.end); // the comma before it, the member
  return text.slice(0, span.start) + text.slice(span.end); // the only member: `{}` (with any whitespace kept)
}

function topLevelSpans(s: string): MemberSpan[] | undefined {
  let i = skipWs(s, 0);
  if (s[i] !== '{') return undefined;
  const spans: MemberSpan[] = [];
  i = skipWs(s, i + 1);
  while (i < s.length && s[i] !== '}') {
    const start = i;
    const keyEnd = skipString(s, i);
    const key = JSON.parse(s.slice(i, keyEnd)) as string;
    i = skipWs(s, skipWs(s, keyEnd) + 1); // past ':'
    const end = skipValue(s, i);
    spans.push({ key, start, end });
    i = skipWs(s, end);
    if (s[i] === ',') i = skipWs(s, i + 1);
  }
  return spans;
}

function skipWs(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\r' || s[i] === '\t')) i++;
  return i;
}

function skipString(s: string, i: number): number {
  for (i++; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i + 1;
  }
  return i;
}

/** Iterative (no recursion), so nesting depth costs no stack. */
function skipValue(s: string, i: number): number {
  const c = s[i];
  if (c === '"') return skipString(s, i);
  if (c !== '{' && c !== '[') {
    while (i < s.length && !' \n\r\t,}]'.includes(s[i] as string)) i++;
    return i;
  }
  let depth = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '"') {
      i = skipString(s, i);
      continue;
    }
    if (ch === '{' || ch === '[') depth++;
    else if ((ch === '}' || ch === ']') && --depth === 0) return i + 1;
    i++;
  }
  return i;
}
