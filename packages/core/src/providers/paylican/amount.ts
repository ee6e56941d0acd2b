import { paywireError } from '../../errors.js';
import { jsonNumber, type RawJsonNumber } from '../../lib/json/index.js';

/**
 * The value to put in a JSON body so that the `amount` token carries exactly the decimal you gave, verbatim
 * (`5100.00` stays `5100.00`), on every Node version, with no float arithmetic: paywire's HTTP layer writes it
 * as the raw number token.
 *
 * @param amount - a validated amount: a decimal string such as `"5100.00"` or a safe integer.
 * @example
 * ```ts
 * import { paylicanAmountJson } from './amount.js'
 * paylicanAmountJson('5100.00').text // '5100.00'
 * ```
 * @throws PaywireError `ERR_INPUT_INVALID` if `amount` is not a non-negative decimal.
 */
export function paylicanAmountJson(amount: string | number): RawJsonNumber {
  const text = typeof amount === 'number' ? String(amount) : amount;
  if (!/^(0|[1-9]\d*)(\.\d+)?$/.test(text))
    throw paywireError('ERR_INPUT_INVALID', 'paylican amount: must be a non-negative decimal', {
      provider: 'paylican',
      field: 'amount',
    });
  return jsonNumber(text);
}
