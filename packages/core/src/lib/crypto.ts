import { createHash, createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/** Constant-time string comparison (lengths compared first, which leaks only the length). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) {
    // Compare against itself anyway so the time does not depend on where the strings differ.
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

/** How many secrets {@link hmacKey} keeps key objects for (a few providers, each with a few rotated secrets). */
const MAX_HMAC_KEYS = 32;
const hmacKeys = new Map<string, KeyObject>();

/**
 * The HMAC key of a secret (its UTF-8 bytes, as `createHmac` reads a string key): a key object made once per
 * distinct secret, since `createSecretKey` costs about as much as the HMAC of a callback and an HMAC keyed by a
 * key object skips the string's conversion on every call. A pure memo (the same MAC as the string itself) for
 * the first {@link MAX_HMAC_KEYS} secrets seen; past those, the string itself (no churn, never slower than before).
 *
 * @example
 * ```ts
 * import { hmacKey, hmacSha512 } from './crypto.js'
 * hmacSha512(hmacKey('secret'), 'message')
 * ```
 */
export function hmacKey(secret: string): KeyObject | string {
  let key = hmacKeys.get(secret);
  if (key === undefined) {
    if (hmacKeys.size >= MAX_HMAC_KEYS) return secret;
    key = createSecretKey(secret, 'utf8');
    hmacKeys.set(secret, key);
  }
  return key;
}

/** HMAC-SHA512 of a UTF-8 message, as a Buffer; `key` a secret (UTF-8) or its {@link hmacKey}. */
export function hmacSha512(key: string | KeyObject, message: string): Buffer {
  return createHmac('sha512', key).update(message, 'utf8').digest();
}

/** Hex digest of `algorithm` over a string or bytes. */
export function hashHex(algorithm: 'md5' | 'sha1' | 'sha256', data: string | Uint8Array): string {
  return createHash(algorithm).update(data).digest('hex');
}
