import { timingSafeEqual } from 'node:crypto';
import { hmacKey, hmacSha512 } from '../../lib/crypto.js';

/** How a Waylet signature is written. */
export type WayletSignatureEncoding = 'hex' | 'base64';

/** Options of every Waylet signing and verifying function. */
export interface WayletSignOptions {
  /** The HMAC-SHA512 secret issued by Klikin. */
  secret: string;
  /** @default 'hex' (lowercase) */
  encoding?: WayletSignatureEncoding;
}

/** Text of an amount as it is signed: integers as written, strings as they are. */
export type AmountText = number | string;

function mac(parts: readonly (string | number)[], options: WayletSignOptions): Buffer {
  if (typeof options?.secret !== 'string' || options.secret === '')
    throw new TypeError('waylet: options.secret must be a non-empty string');
  return hmacSha512(hmacKey(options.secret), parts.join('')); // join writes numbers as String() does
}

function sign(parts: readonly (string | number)[], options: WayletSignOptions): string {
  const bytes = mac(parts, options);
  return options.encoding === 'base64' ? bytes.toString('base64') : bytes.toString('hex');
}

/**
 * Signature of `POST /integrations/openwaylet/v1/payments/start`:
 * HMAC-SHA512(customer + amount + commerceId + paymentId + callbackUrl).
 *
 * @example
 * ```ts
 * import { signStartPayment } from '@paywire/core/waylet'
 * const signature = signStartPayment(
 *   { customer: 'ana@example.com', amount: 300, commerceId, paymentId: 'order-1', callbackUrl },
 *   { secret },
 * )
 * ```
 */
export function signStartPayment(
  fields: { customer: string; amount: AmountText; commerceId: string; paymentId: string; callbackUrl: string },
  options: WayletSignOptions,
): string {
  return sign([fields.customer, fields.amount, fields.commerceId, fields.paymentId, fields.callbackUrl], options);
}

/**
 * Signature of `POST /integrations/openwaylet/v1/payments/start/qr`:
 * HMAC-SHA512(qrContent + amount + commerceId + paymentId + callbackUrl).
 *
 * @example
 * ```ts
 * import { signStartQrPayment } from '@paywire/core/waylet'
 * signStartQrPayment({ qrContent: 'QR-123', amount: 300, commerceId, paymentId: 'o-1', callbackUrl }, { secret })
 * ```
 */
export function signStartQrPayment(
  fields: { qrContent: string; amount: AmountText; commerceId: string; paymentId: string; callbackUrl: string },
  options: WayletSignOptions,
): string {
  return sign([fields.qrContent, fields.amount, fields.commerceId, fields.paymentId, fields.callbackUrl], options);
}

/**
 * Signature of `POST /integrations/openwaylet/v1/payments/cancel`: HMAC-SHA512(commerceId + paymentId).
 *
 * @example
 * ```ts
 * import { signCancelPayment } from '@paywire/core/waylet'
 * signCancelPayment({ commerceId, paymentId: 'order-1' }, { secret })
 * ```
 */
export function signCancelPayment(
  fields: { commerceId: string; paymentId: string },
  options: WayletSignOptions,
): string {
  return sign([fields.commerceId, fields.paymentId], options);
}

/**
 * Signature of the v1 and v2 refund endpoints: HMAC-SHA512(amount + commerceId + paymentId).
 *
 * @example
 * ```ts
 * import { signRefundPayment } from '@paywire/core/waylet'
 * signRefundPayment({ amount: '200', commerceId, paymentId: 'order-1' }, { secret })
 * ```
 */
export function signRefundPayment(
  fields: { amount: AmountText; commerceId: string; paymentId: string },
  options: WayletSignOptions,
): string {
  return sign([fields.amount, fields.commerceId, fields.paymentId], options);
}

/**
 * Signature of a callback Waylet posts to your `callbackUrl`: HMAC-SHA512(paymentId + wayletPaymentId + status +
 * amount). `amount` must be the exact token of the JSON body (`300`, not `300.0` re-stringified).
 *
 * @example
 * ```ts
 * import { signCallback } from '@paywire/core/waylet'
 * signCallback({ paymentId: 'order-1', wayletPaymentId: 'bf48…', status: 'PAID', amount: 300 }, { secret })
 * ```
 */
export function signCallback(
  fields: { paymentId: string; wayletPaymentId: string; status: string; amount: AmountText },
  options: WayletSignOptions,
): string {
  return sign([fields.paymentId, fields.wayletPaymentId, fields.status, fields.amount], options);
}

/**
 * Compares a received signature with the expected one in constant time. Hex is compared case-insensitively.
 * Returns false for anything malformed.
 */
export function signatureMatches(
  received: string,
  expected: string,
  encoding: WayletSignatureEncoding = 'hex',
): boolean {
  const decode = (s: string): Buffer | undefined => {
    if (encoding === 'hex') return /^[0-9a-fA-F]+$/.test(s) && s.length % 2 === 0 ? Buffer.from(s, 'hex') : undefined;
    return /^[A-Za-z0-9+/_-]+={0,2}$/.test(s) ? Buffer.from(s, 'base64') : undefined;
  };
  const a = decode(received);
  const b = decode(expected);
  if (!a || !b || a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/**
 * The callback's MAC as bytes, for {@link macMatches}: verifying needs no hex round trip. Internal.
 * @example
 * ```ts
 * import { macMatches, callbackMac } from './signature.js'
 * declare const callback: { signature: string }, fields: Parameters<typeof callbackMac>[0]
 * macMatches(callback.signature, callbackMac(fields, { secret }))
 * ```
 */
export function callbackMac(
  fields: { paymentId: string; wayletPaymentId: string; status: string; amount: AmountText },
  options: WayletSignOptions,
): Buffer {
  if (typeof options?.secret !== 'string' || options.secret === '')
    throw new TypeError('waylet: options.secret must be a non-empty string');
  // the same text `mac` joins (numbers written as String() does), without the array: it runs on every callback
  return hmacSha512(
    hmacKey(options.secret),
    `${fields.paymentId}${fields.wayletPaymentId}${fields.status}${fields.amount}`,
  );
}

/**
 * `received` (hex in any case, or base64) against MAC bytes, in constant time; false for anything malformed. The
 * same answers as {@link signatureMatches} without a regex over the hex text. Internal.
 * @example
 * ```ts
 * import { macMatches } from './signature.js'
 * declare const expectedBytes: Buffer
 * macMatches('ab12…', expectedBytes)
 * ```
 */
export function macMatches(received: string, expected: Buffer, encoding: WayletSignatureEncoding = 'hex'): boolean {
  if (encoding === 'hex') {
    // Node's hex decoder stops at the first invalid pair: the full length after decoding ⇔ every character is hex.
    if (received.length !== expected.length * 2) return false;
    const bytes = Buffer.from(received, 'hex');
    return bytes.length === expected.length && timingSafeEqual(bytes, expected);
  }
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(received)) return false;
  const bytes = Buffer.from(received, 'base64');
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}
