/**
 * True when `text` is a Chilean RUT whose check digit (modulo 11) is right. Dots and the dash are optional:
 * `12.345.678-5`, `12345678-5` and `123456785` are all accepted.
 *
 * @example
 * ```ts
 * import { isValidRut } from '@paywire/core/etpay'
 * isValidRut('11.111.111-1') // true
 * isValidRut('11.111.111-2') // false
 * ```
 */
export function isValidRut(text: string): boolean {
  const match = /^(\d{1,2}(?:\.?\d{3}){2}|\d{1,7})-?([\dkK])$/.exec(text);
  if (!match) return false;
  const body = (match[1] as string).replaceAll('.', '');
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    sum += Number(body[i]) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const rest = 11 - (sum % 11);
  const expected = rest === 11 ? '0' : rest === 10 ? 'K' : String(rest);
  return (match[2] as string).toUpperCase() === expected;
}
