import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

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

/** HMAC-SHA512 of a UTF-8 message, as a Buffer. */
export function hmacSha512(secret: string, message: string): Buffer {
  return createHmac('sha512', secret).update(message, 'utf8').digest();
}

/** Hex digest of `algorithm` over a string or bytes. */
export function hashHex(algorithm: 'md5' | 'sha1' | 'sha256', data: string | Uint8Array): string {
  return createHash(algorithm).update(data).digest('hex');
}
