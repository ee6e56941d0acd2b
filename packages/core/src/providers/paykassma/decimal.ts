/**
 * Exact decimal text for amounts, without float arithmetic. Internal.
 * @module
 */

/**
 * A JSON number token as plain decimal text: `"6000"` stays `"6000"`, `"500.50"` stays `"500.50"`, and an
 * exponent is moved into the digits by string manipulation (`"1.5e+3"` → `"1500"`, `"1.0e-5"` → `"0.000010"`).
 */
export function decimalFromToken(token: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/.exec(token);
  if (!match) return token;
  const [, sign = '', whole = '', fraction = '', exp = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exp); // position of the decimal point within `digits`
  let int: string;
  let frac: string;
  if (point <= 0) {
    int = '0';
    frac = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    int = digits + '0'.repeat(point - digits.length);
    frac = '';
  } else {
    int = digits.slice(0, point);
    frac = digits.slice(point);
  }
  int = int.replace(/^0+(?=\d)/, '');
  return `${sign}${int}${frac ? `.${frac}` : ''}`;
}

/** The same decimal value written canonically: no leading zeros, no trailing fractional zeros. */
export function canonicalDecimal(text: string): string {
  const [int = '', frac = ''] = text.split('.');
  const i = int.replace(/^0+(?=\d)/, '');
  const f = frac.replace(/0+$/, '');
  return f ? `${i}.${f}` : i;
}

/**
 * The JavaScript number whose JSON token (`JSON.stringify`) is exactly the decimal `text`, or `undefined` when
 * no double carries that decimal exactly (more than ~15 significant digits). No arithmetic happens: the text
 * is parsed once and the round trip is checked on the text.
 */
export function exactJsonNumber(text: string): number | undefined {
  const n = Number(text);
  if (!Number.isFinite(n)) return undefined;
  return canonicalDecimal(decimalFromToken(String(n))) === canonicalDecimal(text) ? n : undefined;
}
