import {
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import type { PaywireError } from '../../errors.js';
import { paywireError } from '../../errors.js';
import { acceptedClaims, decodeJsonObjectSegment } from './hmac-jwt.js';
import { etpayNotificationClaimsSchema, type EtpayNotificationClaims } from './schemas.js';

/** The only algorithms an ETpay notification may use: HMAC with the session's signature token. */
export const ETPAY_JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;

/** One of {@link ETPAY_JWT_ALGORITHMS}. */
export type EtpayJwtAlgorithm = (typeof ETPAY_JWT_ALGORITHMS)[number];

/** What can be read from a notification JWT before its signature is checked. Never trust it beyond a lookup. */
export interface UnverifiedNotification {
  alg: EtpayJwtAlgorithm;
  /** The `session_token` claim, used only to find the session's signature token. */
  sessionToken: string;
}

/** Options of {@link verifyNotificationJwt}. */
export interface EtpayVerifyOptions {
  /** The session's `signature_token` (returned by `/session/initialize`). */
  signatureToken: string;
  /** Clock skew allowed on `exp` / `nbf`, in seconds. @default 30 */
  clockToleranceSec?: number;
  /** "Now" for `exp` / `nbf`. @default new Date() */
  currentDate?: Date;
}

const fail = (
  code: 'ERR_PAYLOAD_INVALID' | 'ERR_TOKEN_ALGORITHM' | 'ERR_SIGNATURE_INVALID' | 'ERR_TOKEN_EXPIRED',
  message: string,
  cause?: unknown,
) => paywireError(code, `etpay notification: ${message}`, { provider: 'etpay', cause });

const isAllowed = (alg: unknown): alg is EtpayJwtAlgorithm =>
  typeof alg === 'string' && (ETPAY_JWT_ALGORITHMS as readonly string[]).includes(alg);

/**
 * Reads a notification JWT's header and `session_token` without verifying anything, and refuses any
 * algorithm but HS256/HS384/HS512 before a key is even looked up.
 *
 * @example
 * ```ts
 * import { peekNotification } from '@paywire/core/etpay'
 * const { sessionToken } = peekNotification(jwt)
 * declare const mySessions: { signatureTokenOf(sessionToken: string): Promise<string> }
 * const signatureToken = await mySessions.signatureTokenOf(sessionToken)
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID` (not a compact JWS / no `session_token`); `ERR_TOKEN_ALGORITHM`
 *   (`none`, RS256, ES256… or no `alg`).
 */
export function peekNotification(jwt: string): UnverifiedNotification {
  const { alg, sessionToken } = peekNotificationParts(jwt);
  return { alg, sessionToken };
}

/** What {@link peekNotificationParts} decoded: the header and claims, as `jose` decodes them. Unverified. */
export interface PeekedNotification extends UnverifiedNotification {
  header: ProtectedHeaderParameters;
  payload: JWTPayload;
}

/**
 * {@link peekNotification} that also returns the decoded header and claims (`jose`'s `decodeProtectedHeader` and
 * `decodeJwt`: the very parsing `jwtVerify` applies), so that verifying needs no second decode. Internal.
 *
 * @example
 * ```ts
 * import { peekNotificationParts } from './signature.js'
 * const { sessionToken, payload } = peekNotificationParts(jwt)
 * ```
 * @throws PaywireError as {@link peekNotification}.
 */
export function peekNotificationParts(jwt: string): PeekedNotification {
  if (typeof jwt !== 'string' || jwt === '') throw fail('ERR_PAYLOAD_INVALID', 'the token is not a non-empty string');
  const segments = jwt.split('.');
  const plain = segments.length === 3; // decoded here only when jose would decode it the same way; else by jose
  let header = plain ? (decodeJsonObjectSegment(segments[0] as string) as ProtectedHeaderParameters) : undefined;
  try {
    header ??= decodeProtectedHeader(jwt);
  } catch (err) {
    throw fail('ERR_PAYLOAD_INVALID', 'the token is not a JWT (its header cannot be decoded)', err);
  }
  const alg = header.alg;
  if (!isAllowed(alg)) {
    const shown = typeof alg === 'string' ? JSON.stringify(alg.slice(0, 20)) : 'missing';
    throw fail(
      'ERR_TOKEN_ALGORITHM',
      `algorithm ${shown} is refused; only ${ETPAY_JWT_ALGORITHMS.join(', ')} are accepted`,
    );
  }
  let payload = plain ? (decodeJsonObjectSegment(segments[1] as string) as JWTPayload) : undefined;
  try {
    payload ??= decodeJwt(jwt);
  } catch (err) {
    throw fail('ERR_PAYLOAD_INVALID', 'the token is not a JWT (its payload cannot be decoded)', err);
  }
  const sessionToken = payload['session_token'];
  if (typeof sessionToken !== 'string' || sessionToken === '')
    throw fail('ERR_PAYLOAD_INVALID', 'the token has no session_token claim');
  return { alg, sessionToken, header, payload };
}

function mapJoseError(err: unknown): PaywireError {
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return fail('ERR_SIGNATURE_INVALID', "the signature does not match this session's signature token", err);
  if (err instanceof errors.JWTExpired) return fail('ERR_TOKEN_EXPIRED', 'the token has expired (exp)', err);
  if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'nbf' && err.reason === 'check_failed') {
    return fail('ERR_TOKEN_EXPIRED', 'the token is not valid yet (nbf)', err);
  }
  if (err instanceof errors.JOSEAlgNotAllowed)
    return fail('ERR_TOKEN_ALGORITHM', `only ${ETPAY_JWT_ALGORITHMS.join(', ')} are accepted`, err);
  if (err instanceof errors.JOSEError) return fail('ERR_PAYLOAD_INVALID', `the token is malformed (${err.code})`, err);
  return fail('ERR_PAYLOAD_INVALID', 'the token could not be verified', err);
}

/**
 * Verifies a notification JWT with the session's signature token (HMAC only) and returns its claims.
 * `exp` and `nbf` are honoured when present, with `clockToleranceSec` of slack.
 *
 * @example
 * ```ts
 * import { verifyNotificationJwt } from '@paywire/core/etpay'
 * const claims = await verifyNotificationJwt(jwt, { signatureToken })
 * if (claims.payment_status === 'success') await orders.markPaid(claims.merchant_order_id)
 * ```
 * @throws PaywireError `ERR_TOKEN_ALGORITHM`, `ERR_SIGNATURE_INVALID`, `ERR_TOKEN_EXPIRED` (expired, or `nbf` in
 *   the future), `ERR_PAYLOAD_INVALID` (malformed, or no `payment_status` / `session_token` claim).
 */
export async function verifyNotificationJwt(
  jwt: string,
  options: EtpayVerifyOptions,
): Promise<EtpayNotificationClaims> {
  if (typeof options?.signatureToken !== 'string' || options.signatureToken === '')
    throw new TypeError('etpay: options.signatureToken must be a non-empty string');
  return verifyPeekedNotificationJwt(jwt, peekNotificationParts(jwt), options);
}

/**
 * {@link verifyNotificationJwt} for a JWT the caller has just passed through {@link peekNotificationParts} (the
 * webhook does, to find the session): the same checks without decoding twice. Internal.
 *
 * @example
 * ```ts
 * import { peekNotificationParts, verifyPeekedNotificationJwt } from './signature.js'
 * const claims = await verifyPeekedNotificationJwt(jwt, peekNotificationParts(jwt), { signatureToken })
 * ```
 * @throws PaywireError as {@link verifyNotificationJwt}.
 */
export async function verifyPeekedNotificationJwt(
  jwt: string,
  peeked: PeekedNotification,
  options: EtpayVerifyOptions,
): Promise<EtpayNotificationClaims> {
  let payload = acceptedClaims(jwt, peeked, options);
  if (payload === undefined) {
    try {
      ({ payload } = await jwtVerify(jwt, new TextEncoder().encode(options.signatureToken), {
        algorithms: [...ETPAY_JWT_ALGORITHMS],
        clockTolerance: options.clockToleranceSec ?? 30,
        currentDate: options.currentDate ?? new Date(),
      }));
    } catch (err) {
      throw mapJoseError(err);
    }
  }
  const claims = etpayNotificationClaimsSchema.safeParse(payload);
  if (!claims.success) {
    const issue = claims.error.issues[0];
    throw fail('ERR_PAYLOAD_INVALID', `claim ${issue?.path.join('.') || '(payload)'}: ${issue?.message}`);
  }
  return claims.data;
}

/** Options of {@link signNotification}. */
export interface EtpaySignOptions {
  /** The session's `signature_token`. */
  signatureToken: string;
  /** @default 'HS256' */
  alg?: EtpayJwtAlgorithm;
}

/**
 * Signs notification claims the way ETpay does (compact JWS, HMAC with the session's signature token). The
 * testing kit and the sandbox use it; the verifier uses the same library.
 *
 * @example
 * ```ts
 * import { signNotification } from '@paywire/core/etpay'
 * const jwt = await signNotification(
 *   { session_token: sessionToken, payment_status: 'success', payment_token: 'pt_1' },
 *   { signatureToken },
 * )
 * ```
 * @throws TypeError when the signature token is empty or the algorithm is not HMAC.
 */
export async function signNotification(claims: Record<string, unknown>, options: EtpaySignOptions): Promise<string> {
  if (typeof options?.signatureToken !== 'string' || options.signatureToken === '')
    throw new TypeError('etpay: options.signatureToken must be a non-empty string');
  const alg = options.alg ?? 'HS256';
  if (!isAllowed(alg)) throw new TypeError(`etpay: options.alg must be one of ${ETPAY_JWT_ALGORITHMS.join(', ')}`);
  return new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'JWT' })
    .sign(new TextEncoder().encode(options.signatureToken));
}
