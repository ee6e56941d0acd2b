import { createHmac, hash, timingSafeEqual } from 'node:crypto';

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

/** How many secrets {@link hmacKey} prepares keys for (a few providers, each with a few rotated secrets). */
const MAX_HMAC_KEYS = 32;
const hmacKeys = new Map<string, HmacSha512Key>();

/** SHA-512's block size: the length of RFC 2104's padded key blocks. */
const SHA512_BLOCK = 128;
/** SHA-512's digest size. */
const SHA512_SIZE = 64;

/**
 * An HMAC-SHA512 key prepared once (RFC 2104): the key's block XOR `ipad`, and its block XOR `opad` followed by
 * room for the inner digest. Internal: it is as secret as the secret it was made from, and never leaves this module
 * but through {@link hmacKey}'s callers, which pass it straight back to {@link hmacSha512}.
 */
export interface HmacSha512Key {
  readonly inner: Buffer;
  readonly outer: Buffer;
}

/**
 * The HMAC key of a secret (its UTF-8 bytes, as `createHmac` reads a string key), prepared once per distinct secret
 * for {@link hmacSha512}. A pure memo (the same MAC as the string itself) for the first {@link MAX_HMAC_KEYS}
 * secrets seen; past those, the string itself (no churn, never slower than `createHmac`).
 *
 * @example
 * ```ts
 * import { hmacKey, hmacSha512 } from './crypto.js'
 * hmacSha512(hmacKey('secret'), 'message')
 * ```
 */
export function hmacKey(secret: string): HmacSha512Key | string {
  let key = hmacKeys.get(secret);
  if (key === undefined) {
    if (hmacKeys.size >= MAX_HMAC_KEYS) return secret;
    key = prepareHmacKey(secret);
    hmacKeys.set(secret, key);
  }
  return key;
}

/** The padded blocks of a secret (UTF-8), without {@link hmacKey}'s memo. Internal (exported for its tests). */
export function prepareHmacKey(secret: string): HmacSha512Key {
  let bytes = Buffer.from(secret, 'utf8');
  if (bytes.length > SHA512_BLOCK) bytes = hash('sha512', bytes, 'buffer'); // RFC 2104: a long key is hashed first
  const inner = Buffer.alloc(SHA512_BLOCK, 0x36);
  const outer = Buffer.alloc(SHA512_BLOCK + SHA512_SIZE, 0x5c);
  for (let i = 0; i < bytes.length; i++) {
    inner[i]! ^= bytes[i]!;
    outer[i]! ^= bytes[i]!;
  }
  return { inner, outer };
}

/** Messages up to this many UTF-16 units are encoded into {@link scratch}; longer ones into a buffer of their own. */
const SCRATCH_MESSAGE = 2048;
/** Where {@link hmacSha512} lays out the inner block and the message (reused: HMACs run synchronously). */
const scratch = Buffer.allocUnsafeSlow(SHA512_BLOCK + SCRATCH_MESSAGE * 3);

/**
 * HMAC-SHA512 of a UTF-8 message, as a Buffer; `key` a secret (UTF-8) or its {@link hmacKey}. With a prepared key,
 * the HMAC is two one-shot `crypto.hash` calls over the padded blocks (RFC 2104), the same bytes as `createHmac`:
 * under an HTTP server's load, a `createHmac` HMAC cost about 17 µs (13 of them making its OpenSSL context) where
 * this costs 10–11 (CPU profiles of bench row A's server; in a tight loop both take about 3.5 µs).
 */
export function hmacSha512(key: string | HmacSha512Key, message: string): Buffer {
  if (typeof key === 'string') return createHmac('sha512', key).update(message, 'utf8').digest();
  let buffer = scratch;
  if (message.length > SCRATCH_MESSAGE) buffer = Buffer.allocUnsafe(SHA512_BLOCK + Buffer.byteLength(message));
  key.inner.copy(buffer, 0);
  const length = SHA512_BLOCK + buffer.write(message, SHA512_BLOCK, 'utf8');
  const outer = key.outer;
  hash('sha512', buffer.subarray(0, length), 'buffer').copy(outer, SHA512_BLOCK);
  return hash('sha512', outer, 'buffer');
}

/** Hex digest of `algorithm` over a string (UTF-8) or bytes: a one-shot `crypto.hash`, no hash object per call. */
export function hashHex(algorithm: 'md5' | 'sha1' | 'sha256', data: string | Uint8Array): string {
  return hash(algorithm, data, 'hex');
}
