import type { PaywireError } from '../../errors.js';
import { type PaywireErrorCode, type PaywireErrorOptions, paywireError } from '../../errors.js';

/**
 * Every error the postback verifier and mapper create goes through here (one place to adapt if the error
 * classes change). The message is prefixed `paykassma postback: `. Internal.
 *
 * @example
 * ```ts
 * import { postbackRefusal } from './refusal.js'
 * throw postbackRefusal('ERR_PAYLOAD_INVALID', 'amount is not a decimal number', { field: 'amount' })
 * ```
 * @throws never: it returns the error.
 */
export function postbackRefusal(
  code: Extract<PaywireErrorCode, 'ERR_PAYLOAD_INVALID' | 'ERR_SIGNATURE_INVALID' | 'ERR_BODY_TOO_LARGE'>,
  message: string,
  options: Omit<PaywireErrorOptions, 'provider'> = {},
): PaywireError {
  return paywireError(code, `paykassma postback: ${message}`, { provider: 'paykassma', ...options });
}
