import type { JsonNode } from './number-text-tree.js';

/** Options of {@link phpJsonEncode}. */
export interface PhpJsonEncodeOptions {
  /**
   * Write what `json_encode($value)` writes **without** flags (Paykassma's oldest postbacks): `/` as `\/` and
   * every non-ASCII character as `\uXXXX` (UTF-16 units, lowercase hex). Everything else is unchanged.
   * @default false (JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE)
   */
  escaped?: boolean;
}

/**
 * What PHP's `json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE)` writes, byte for byte,
 * for the value that PHP obtained with `json_decode($text, true)` from the JSON that `node` was parsed from
 * (PHP 7.1+, `serialize_precision = -1`). Use it to rebuild the text a PHP sender signed; parse the body with
 * {@link parseJsonKeepingNumberText} first so that number tokens keep their exact text.
 *
 * - strings: `"` and `\` escaped; `\b \f \n \r \t`; other control characters as `\u00XX` (lowercase hex);
 *   U+2028 and U+2029 as `\u2028` / `\u2029` (PHP keeps escaping them without JSON_UNESCAPED_LINE_TERMINATORS);
 *   `/` and every other character written as is;
 * - integers (tokens without `.`/`e`) inside the signed 64-bit range: as written (`-0` becomes `0`); outside
 *   it PHP decodes them as floats;
 * - floats: the shortest text that round-trips (like JavaScript), in PHP's layout: plain digits while the
 *   decimal exponent is between -4 and 17 (`0.0001`, `10000000000000000`, `6000` for `6000.0`), else
 *   `1.0e+25` / `1.5e-7`; `-0.0` is `-0`;
 * - objects become PHP arrays: `{}` is written `[]`, an object whose keys are exactly "0".."n-1" in order is
 *   written as a list, and a repeated key keeps its first position with its last value.
 *
 * Returns `undefined` when PHP could not have produced any encoding (a lone UTF-16 surrogate, which
 * `json_decode` refuses; a number outside the double range, which `json_encode` refuses).
 *
 * @example
 * ```ts
 * import { phpJsonEncode } from './php-json-encode.js'
 * import { parseJsonKeepingNumberText } from './number-text-tree.js'
 * phpJsonEncode(parseJsonKeepingNumberText('[{"url":"https:\\/\\/x.test\\/a","amount":6000.0,"name":"\\u1019"}]'))
 * // '[{"url":"https://x.test/a","amount":6000,"name":"မ"}]'
 * ```
 */
export function phpJsonEncode(node: JsonNode, options: PhpJsonEncodeOptions = {}): string | undefined {
  try {
    return encodeNode(node, options.escaped === true);
  } catch (err) {
    if (err instanceof Unencodable) return undefined;
    throw err;
  }
}

/**
 * {@link phpJsonEncode} for a JavaScript value (what the testing kit signs): use it to write a body the way a
 * PHP sender would. Safe integers are PHP integers; other numbers are PHP floats.
 *
 * @example
 * ```ts
 * import { phpJsonEncodeValue } from './php-json-encode.js'
 * phpJsonEncodeValue([{ amount: 500, url: 'https://x.test/ok' }]) // '[{"amount":500,"url":"https://x.test/ok"}]'
 * ```
 * @throws TypeError for values JSON cannot carry (functions, bigint, undefined at the top).
 */
export function phpJsonEncodeValue(value: unknown, options: PhpJsonEncodeOptions = {}): string | undefined {
  return phpJsonEncode(toNode(value), options);
}

class Unencodable extends Error {}

function toNode(value: unknown): JsonNode {
  if (value === null || typeof value === 'boolean') return { kind: 'literal', value };
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('phpJsonEncodeValue: NaN and Infinity have no JSON encoding');
    return { kind: 'number', token: Number.isSafeInteger(value) ? String(value) : value.toExponential() };
  }
  if (Array.isArray(value))
    return { kind: 'array', items: value.map((v) => (v === undefined ? { kind: 'literal', value: null } : toNode(v))) };
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined && typeof v !== 'function',
    );
    return { kind: 'object', entries: entries.map(([k, v]) => [k, toNode(v)]) };
  }
  throw new TypeError(`phpJsonEncodeValue: a ${typeof value} has no JSON encoding`);
}

function encodeNode(node: JsonNode, escaped: boolean): string {
  switch (node.kind) {
    case 'literal':
      return String(node.value);
    case 'string':
      return encodeString(node.value, escaped);
    case 'number':
      return encodeNumber(node.token);
    case 'array':
      return `[${node.items.map((n) => encodeNode(n, escaped)).join(',')}]`;
    case 'object': {
      const members = new Map<string, JsonNode>();
      for (const [k, v] of node.entries) members.set(k, v);
      const keys = [...members.keys()];
      if (keys.every((k, i) => k === String(i)))
        return `[${[...members.values()].map((n) => encodeNode(n, escaped)).join(',')}]`;
      return `{${keys.map((k) => `${encodeString(k, escaped)}:${encodeNode(members.get(k) as JsonNode, escaped)}`).join(',')}}`;
    }
  }
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

function encodeString(s: string, escaped: boolean): string {
  if (LONE_SURROGATE.test(s)) throw new Unencodable();
  // eslint-disable-next-line no-control-regex
  const text = s.replace(/["\\\u0000-\u001f\u2028\u2029]/g, (c) => ESCAPES[c] ?? unicodeEscape(c));
  // Without flags PHP also writes `\/` and escapes every UTF-16 unit above U+007F.
  return `"${escaped ? text.replace(/\//g, '\\/').replace(/[\u0080-\uffff]/g, unicodeEscape) : text}"`;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function encodeNumber(token: string): string {
  if (!/[.eE]/.test(token)) {
    const n = BigInt(token);
    if (n >= INT64_MIN && n <= INT64_MAX) return n.toString();
  }
  return phpFloat(Number(token));
}

/** PHP's `php_gcvt(value, 17, '.', 'e')` in mode 0 (serialize_precision = -1). */
function phpFloat(d: number): string {
  if (!Number.isFinite(d)) throw new Unencodable();
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const [mantissa = '', exponent = '0'] = Math.abs(d).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const decpt = Number(exponent) + 1; // value = 0.DIGITS × 10^decpt
  const sign = d < 0 ? '-' : '';
  if (decpt < 0 ? decpt < -3 : decpt > 17) {
    const e = decpt - 1;
    return `${sign}${digits[0]}.${digits.slice(1) || '0'}e${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  const whole = digits.slice(0, decpt).padEnd(decpt, '0');
  const fraction = digits.slice(decpt);
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}
