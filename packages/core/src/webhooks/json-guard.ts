import { PaywireError, paywireError } from '../errors.js';

/**
 * The deepest JSON nesting a webhook body may have. No provider sends more than 4 levels; anything recursive that
 * runs on a body (re-serialization, schema checks, redaction) stays far from the stack limit. Internal.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The most objects and arrays a webhook body may hold. Real deliveries hold a few dozen (a Paykassma postback
 * one per transaction); a 1 MiB body of empty arrays holds 500,000, and parsing those costs ~100 ms of CPU.
 */
export const MAX_JSON_CONTAINERS = 10_000;

const tooDeep = (limit: number) =>
  paywireError('ERR_PAYLOAD_INVALID', `the body is nested deeper than ${limit} levels`);

/**
 * Refuses JSON text nested deeper than `limit`, or holding more than `maxContainers` objects and arrays, with one
 * linear scan (no recursion), before the text is parsed. Brackets inside strings are skipped;
 * text that is not JSON is left to `JSON.parse` to refuse.
 *
 * @example
 * ```ts
 * import { assertJsonDepth } from './json-guard.js'
 * assertJsonDepth('[[[1]]]', 64) // passes
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID` (400) when the text is nested too deep or holds too many containers.
 */
export function assertJsonDepth(
  text: string,
  limit: number = MAX_JSON_DEPTH,
  maxContainers: number = MAX_JSON_CONTAINERS,
): void {
  // Most bodies hold a handful of brackets: with no more than `limit` of them anywhere in the text (inside strings
  // too), neither limit can be passed, and two native `indexOf` walks cost a fraction of the scan below.
  if (openBracketsAtMost(text, Math.min(limit, maxContainers))) return;
  // Jumps from one structural character to the next with native regex scans: long strings cost next to nothing.
  const structure = /[[\]{}"]/g;
  const stringEnd = /["\\]/g;
  let depth = 0;
  let containers = 0;
  for (let match = structure.exec(text); match !== null; match = structure.exec(text)) {
    const c = text.charCodeAt(match.index);
    if (c === 0x22) {
      stringEnd.lastIndex = match.index + 1;
      let end = stringEnd.exec(text);
      while (end !== null && text.charCodeAt(end.index) === 0x5c) {
        stringEnd.lastIndex = end.index + 2; // skip the escaped character
        end = stringEnd.exec(text);
      }
      if (end === null) return; // an unterminated string: JSON.parse refuses it
      structure.lastIndex = end.index + 1;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) throw tooDeep(limit);
      if (++containers > maxContainers)
        throw paywireError('ERR_PAYLOAD_INVALID', `the body holds more than ${maxContainers} objects and arrays`);
    } else depth--;
  }
}

/** True when `text` holds at most `max` `{` and `[` characters in all. */
function openBracketsAtMost(text: string, max: number): boolean {
  let count = 0;
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) if (++count > max) return false;
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) if (++count > max) return false;
  return true;
}

/**
 * Refuses an already-parsed value nested deeper than `limit`, or holding more than `maxNodes` values, walking it
 * with an explicit stack (never recursion). A cycle is caught by the depth limit.
 *
 * @example
 * ```ts
 * import { assertValueDepth } from './json-guard.js'
 * assertValueDepth({ a: [1, { b: 2 }] }) // passes
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID` (400) when too deep or too large.
 */
export function assertValueDepth(value: unknown, limit: number = MAX_JSON_DEPTH, maxNodes = 1_000_000): void {
  const stack: [unknown, number][] = [[value, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth > limit) throw tooDeep(limit);
    const children = Array.isArray(current) ? current : Object.values(current);
    nodes += children.length;
    if (nodes > maxNodes) throw paywireError('ERR_PAYLOAD_INVALID', `the body holds more than ${maxNodes} values`);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
}

/**
 * Re-serializes a body a parser already consumed, safely: the depth is checked first (iteratively), so
 * `JSON.stringify` can never overflow the stack, and anything it refuses (a `BigInt`, a cycle, a throwing
 * `toJSON`) becomes a 400, never an exception out of `handle`.
 *
 * @example
 * ```ts
 * import { reserializeBody } from './json-guard.js'
 * reserializeBody({ payment: 'eyJ…' }) // '{"payment":"eyJ…"}'
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID` (400).
 */
export function reserializeBody(body: unknown, limit: number = MAX_JSON_DEPTH): string {
  let text: string | undefined;
  try {
    assertValueDepth(body, limit);
    text = JSON.stringify(body);
  } catch (err) {
    if (err instanceof PaywireError) throw err;
    throw paywireError('ERR_PAYLOAD_INVALID', 'the parsed body cannot be written back as JSON');
  }
  if (typeof text !== 'string')
    throw paywireError('ERR_PAYLOAD_INVALID', 'the parsed body cannot be written back as JSON');
  return text;
}
