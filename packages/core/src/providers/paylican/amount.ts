import { PaywireError } from '../../errors.js';

type RawJson = (text: string) => unknown;

/** `JSON.rawJSON` where the runtime has it (Node ≥ 21): it writes a number token verbatim. */
const platformRawJson = (JSON as { rawJSON?: RawJson }).rawJSON;

/** The canonical decimal text of a validated amount: `"5100.00"` → `"5100"`, `"0.50"` → `"0.5"`. */
function canonical(text: string): string {
  const [int = '', frac = ''] = text.split('.');
  const i = int.replace(/^0+(?=\d)/, '');
  const f = frac.replace(/0+$/, '');
  return f ? `${i}.${f}` : i;
}

/**
 * The value to put in a JSON body so that the `amount` token carries exactly the decimal you gave, with no
 * float arithmetic. Where the runtime has `JSON.rawJSON` the token is your text verbatim (`5100.00`); on
 * Node 20 it is the JSON number of the same decimal value (`5100`, `10.5`), checked to be exact (at most
 * 15 significant digits always are).
 *
 * @param amount - a validated amount: a decimal string such as `"5100.00"` or a safe integer.
 * @param rawJson - the `JSON.rawJSON` implementation to use. @default the runtime's, when it has one
 * @example
 * ```ts
 * JSON.stringify({ amount: paylicanAmountJson('5100.00') }) // '{"amount":5100.00}' on Node 22, '{"amount":5100}' on Node 20
 * ```
 * @throws PaywireError `ERR_INPUT_INVALID` if the decimal cannot be written exactly (more than 15 significant digits).
 */
export function paylicanAmountJson(amount: string | number, rawJson: RawJson | undefined = platformRawJson): unknown {
  const text = typeof amount === 'number' ? String(amount) : amount;
  if (!/^\d+(\.\d+)?$/.test(text)) throw new PaywireError('ERR_INPUT_INVALID', 'paylican amount: must be a non-negative decimal', { provider: 'paylican', field: 'amount' });
  if (rawJson) return rawJson(text);
  const value = Number(text);
  if (String(value) !== canonical(text)) {
    throw new PaywireError('ERR_INPUT_INVALID', `paylican amount: ${text} cannot be sent exactly as a JSON number on this runtime (too many significant digits)`, { provider: 'paylican', field: 'amount' });
  }
  return value;
}
