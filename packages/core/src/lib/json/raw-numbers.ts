/**
 * Writing exact decimal tokens into JSON request bodies on every Node version (Node 20 has no `JSON.rawJSON`):
 * `stringifyJsonWithRawNumbers({ amount: jsonNumber('5100.00') })` → `{"amount":5100.00}`. No float ever holds
 * the amount. Internal.
 */

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * A JSON number token kept as text; make one with {@link jsonNumber}.
 *
 * @example
 * ```ts
 * import { RawJsonNumber } from './raw-numbers.js'
 * new RawJsonNumber('5100.00').text // '5100.00'
 * ```
 * @throws TypeError when the text is not a plain decimal (`-?digits[.digits]`, no exponent, no leading zero).
 */
export class RawJsonNumber {
  readonly text: string;
  constructor(text: string) {
    if (!DECIMAL.test(text)) throw new TypeError(`not a plain decimal JSON number: ${JSON.stringify(text)}`);
    this.text = text;
  }
  /** Plain `JSON.stringify` (outside {@link stringifyJsonWithRawNumbers}) writes the number's value. */
  toJSON(): number {
    return Number(this.text);
  }
}

/**
 * Marks decimal text to be written verbatim as a JSON number by {@link stringifyJsonWithRawNumbers} (and so by
 * `lib/http`'s JSON bodies): use it for amounts a provider must receive exactly as written.
 *
 * @example
 * ```ts
 * import { jsonNumber, stringifyJsonWithRawNumbers } from './raw-numbers.js'
 * stringifyJsonWithRawNumbers({ amount: jsonNumber('5100.00') }) // '{"amount":5100.00}'
 * ```
 * @throws TypeError when the text is not a plain decimal.
 */
export function jsonNumber(text: string): RawJsonNumber {
  return new RawJsonNumber(text);
}

/**
 * `JSON.stringify` that writes {@link RawJsonNumber} values (made by {@link jsonNumber}) as their exact text,
 * anywhere in the value. Use it for outgoing JSON that carries exact decimals; plain `JSON.stringify` is cheaper
 * when there are none.
 *
 * @example
 * ```ts
 * import { jsonNumber, stringifyJsonWithRawNumbers } from './raw-numbers.js'
 * stringifyJsonWithRawNumbers({ list: [jsonNumber('0.10'), 2] }) // '{"list":[0.10,2]}'
 * ```
 */
export function stringifyJsonWithRawNumbers(value: unknown): string {
  const raw: string[] = [];
  const marker = `\u0000raw${Math.random().toString(36).slice(2)}:`;
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const original = this[key];
    if (original instanceof RawJsonNumber) {
      raw.push(original.text);
      return `${marker}${raw.length - 1}`;
    }
    return v;
  });
  if (raw.length === 0) return text;
  // The marker holds a NUL, which JSON.stringify always escapes inside real strings, so only our placeholders match.
  const escaped = JSON.stringify(marker)
    .slice(1, -1)
    .replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  return text.replace(new RegExp(`"${escaped}(\\d+)"`, 'g'), (_, i: string) => raw[Number(i)] as string);
}
