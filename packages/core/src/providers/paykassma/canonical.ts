import { decimalFromToken } from './decimal.js';
import { phpJsonEncode, type JsonNode } from '../../lib/json/index.js';
import { postbackRefusal } from './refusal.js';

/**
 * The exact values an event is built from: ids and amounts that one signature cannot carry in two spellings.
 * Internal.
 * @module
 */

const INT64_MAX = 2n ** 63n - 1n;
const MAX_ID_LENGTH = 190;

const refuse = (message: string, field: string) => postbackRefusal('ERR_PAYLOAD_INVALID', message, { field });
const shown = (s: string) => JSON.stringify(s.slice(0, 40));

/**
 * An id as text, undefined when absent or empty. A number id must be a plain non-negative integer within
 * PHP's integer range (`0`, `88`): `-0`, `0.0`, `1e0`, `88.0` and integers beyond 2^63 all re-encode (PHP) like
 * another spelling, so a captured postback could be replayed as a "new" transaction; they are refused.
 *
 * @example
 * ```ts
 * import { canonicalId } from './canonical.js'
 * canonicalId({ kind: 'number', token: '88' }, 'transaction_id') // '88'; the token '88.0' throws
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID` (400) for a non-canonical number or an id longer than 190 characters.
 */
export function canonicalId(node: JsonNode | undefined, field: string): string | undefined {
  if (node === undefined || (node.kind === 'literal' && node.value === null)) return undefined;
  if (node.kind === 'number') {
    if (!/^(0|[1-9]\d*)$/.test(node.token) || BigInt(node.token) > INT64_MAX) {
      throw refuse(
        `${field} must be a string or a plain non-negative integer, got the number ${shown(node.token)} (another spelling of a signed id is refused)`,
        field,
      );
    }
    return node.token;
  }
  if (node.kind !== 'string') throw refuse(`${field} must be a string or an integer`, field);
  if ([...node.value].length > MAX_ID_LENGTH)
    throw refuse(`${field} is longer than ${MAX_ID_LENGTH} characters`, field);
  return node.value === '' ? undefined : node.value;
}

/**
 * The amount exactly as signed. A number token must be the text PHP itself writes for it unless the signed
 * bytes were matched as received: `1499.99999999999999` or `1500.0` re-encode to `1500`, so when only the
 * re-encoding matched they are refused rather than reported as an amount nobody signed.
 *
 * @example
 * ```ts
 * import { exactAmount } from './canonical.js'
 * exactAmount({ kind: 'number', token: '500.50' }, 'raw') // '500.50' (as signed); with 'php' it throws
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID` (400) for a missing or non-decimal amount, or a non-canonical token.
 */
export function exactAmount(node: JsonNode | undefined, matchedBy: 'raw' | 'php', field = 'amount'): string {
  let text: string | undefined;
  if (node?.kind === 'number') {
    if (matchedBy === 'php' && phpJsonEncode(node) !== node.token) {
      throw refuse(
        `${field} ${shown(node.token)} is not the text PHP signs for it (${shown(phpJsonEncode(node) ?? '?')}); refusing an amount that was not signed as written`,
        field,
      );
    }
    text = decimalFromToken(node.token);
  } else if (node?.kind === 'string') {
    text = node.value;
  }
  if (text === undefined || !/^-?\d{1,30}(\.\d{1,30})?$/.test(text))
    throw refuse(`${field} is not a decimal number`, field);
  return text;
}

/**
 * A type or status value as lower-case text (`"Success"` → `success`, `1` → `1`); undefined when absent.
 *
 * @example
 * ```ts
 * import { codeValue } from './canonical.js'
 * codeValue({ kind: 'string', value: 'Success' }, 'status') // 'success'
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID` (400) for a value that is neither a string nor an integer.
 */
export function codeValue(node: JsonNode | undefined, field: string): string | undefined {
  if (node === undefined || (node.kind === 'literal' && node.value === null)) return undefined;
  if (node.kind === 'string') return node.value.toLowerCase();
  if (node.kind === 'number' && /^-?(0|[1-9]\d*)$/.test(node.token) && node.token !== '-0') return node.token;
  throw refuse(`${field} must be a string or an integer`, field);
}
