/**
 * The synchronous side of ETpay notification verification: what `jose` would decode and accept, done with
 * `node:crypto` and `Buffer` in microseconds, for the plain case only. Every function answers `undefined` when
 * the input is anything but plain, and the caller then asks `jose` itself, which decides every refusal and
 * every error message. Internal.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import type { EtpayJwtAlgorithm } from './signature.js';

const BASE64URL = /^[A-Za-z0-9_-]*$/;
// jose's own decoder of headers and claims: invalid UTF-8 throws, a leading BOM is dropped
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The bytes of a base64url segment written in the plain alphabet without padding or whitespace (for which
 * `Buffer` and jose's `atob`-based decoder give the same bytes); `undefined` for any other segment.
 */
function plainBase64url(segment: string): Buffer | undefined {
  return segment.length % 4 !== 1 && BASE64URL.test(segment) ? Buffer.from(segment, 'base64url') : undefined;
}

/**
 * A JWT segment decoded as jose's `decodeProtectedHeader` / `decodeJwt` decode it (base64url, strict UTF-8,
 * JSON, a plain object), for a non-empty plain segment; `undefined` otherwise.
 *
 * @example
 * ```ts
 * import { decodeJsonObjectSegment } from './hmac-jwt.js'
 * decodeJsonObjectSegment('eyJhbGciOiJIUzI1NiJ9') // { alg: 'HS256' }
 * ```
 */
export function decodeJsonObjectSegment(segment: string): Record<string, unknown> | undefined {
  const bytes = segment === '' ? undefined : plainBase64url(segment);
  if (bytes === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(bytes));
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

const HASH_OF_ALG: Record<EtpayJwtAlgorithm, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** A compact JWT already decoded by `peekNotificationParts` (three segments, an HMAC `alg`, an object payload). */
export interface PeekedJwt {
  alg: EtpayJwtAlgorithm;
  header: ProtectedHeaderParameters;
  payload: JWTPayload;
}

/**
 * The claims when `jose.jwtVerify` (HMAC algorithms, `clockTolerance`, `currentDate`) would certainly accept
 * the token; `undefined` for anything else. `peeked` came from the decoding `jwtVerify` applies; what remains is
 * what it checks next: no `crit` header, a base64url signature equal to the HMAC of `<header>.<payload>`
 * (compared in constant time), and numeric `iat` / `nbf` / `exp` within the tolerance.
 *
 * @example
 * ```ts
 * import { acceptedClaims } from './hmac-jwt.js'
 * import { peekNotificationParts } from './signature.js'
 * acceptedClaims(jwt, peekNotificationParts(jwt), { signatureToken }) // the claims, or undefined: ask jose
 * ```
 */
export function acceptedClaims(
  jwt: string,
  peeked: PeekedJwt,
  options: { signatureToken: string; clockToleranceSec?: number; currentDate?: Date },
): JWTPayload | undefined {
  const tolerance = options.clockToleranceSec ?? 30;
  const now = Math.floor((options.currentDate ?? new Date()).getTime() / 1000);
  if (!(Number.isFinite(tolerance) && tolerance >= 0 && Number.isFinite(now))) return undefined;
  if (peeked.header.crit !== undefined) return undefined;
  if (options.signatureToken === '') return undefined; // jose refuses an empty HMAC key: let it say so
  const { payload } = peeked;
  const { iat, nbf, exp } = payload;
  if (iat !== undefined && typeof iat !== 'number') return undefined;
  if (nbf !== undefined && !(typeof nbf === 'number' && nbf <= now + tolerance)) return undefined;
  if (exp !== undefined && !(typeof exp === 'number' && exp > now - tolerance)) return undefined;
  const dot = jwt.lastIndexOf('.');
  const signature = plainBase64url(jwt.slice(dot + 1));
  if (signature === undefined) return undefined;
  // the header and payload segments decoded as base64url, so they are ASCII: these are jose's signing-input bytes
  const expected = createHmac(HASH_OF_ALG[peeked.alg], options.signatureToken).update(jwt.slice(0, dot)).digest();
  return signature.length === expected.length && timingSafeEqual(signature, expected) ? payload : undefined;
}
