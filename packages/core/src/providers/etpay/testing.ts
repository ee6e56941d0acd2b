import { randomBytes } from 'node:crypto';
import { UnsecuredJWT } from 'jose';
import { saveEtpaySession, type EtpaySessionRecord } from './sessions.js';
import { signNotification, type EtpayJwtAlgorithm } from './signature.js';
import type { PaywireStore } from '../../stores/types.js';
import type { TestDelivery } from '../../testing/delivery.js';

/** A made-up ETpay session: what `initializeSession` would have returned and stored. */
export interface EtpayTestSession extends EtpaySessionRecord {
  sessionToken: string;
}

const random = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * Makes a random ETpay session (`sessionToken`, `signatureToken`, an alphanumeric `merchantOrderId`, an amount).
 * Anything given is kept. Pair it with {@link storeEtpaySession} to make paywire know it.
 *
 * @example
 * ```ts
 * import { testing } from '@paywire/core/testing'
 * const session = testing.etpay.session({ orderAmount: 15990 })
 * ```
 */
export function etpaySession(input: Partial<EtpayTestSession> = {}): EtpayTestSession {
  return {
    sessionToken: input.sessionToken ?? `st${random(16)}`,
    signatureToken: input.signatureToken ?? random(32),
    merchantOrderId: input.merchantOrderId ?? `order${random(6)}`,
    orderAmount: input.orderAmount ?? 1000,
  };
}

/**
 * Writes a test session into a store exactly as `initializeSession` does, so a paywire instance using that
 * store accepts its notifications.
 *
 * @example
 * ```ts
 * import { memoryStore } from '@paywire/core'
 * import { testing } from '@paywire/core/testing'
 * const store = memoryStore()
 * const session = await testing.etpay.storeSession(store, testing.etpay.session())
 * ```
 */
export async function storeEtpaySession(
  store: PaywireStore,
  session: EtpayTestSession,
  options: { ttlMs?: number } = {},
): Promise<EtpayTestSession> {
  const { sessionToken, ...record } = session;
  await saveEtpaySession(store, sessionToken, record, options.ttlMs ?? 24 * 3600 * 1000);
  return session;
}

/** Fields of an ETpay test notification; anything omitted gets a plausible value. */
export interface EtpayTestNotificationInput {
  sessionToken: string;
  /** The HMAC key; ignored when `alg` is `'none'`. */
  signatureToken: string;
  /** @default 'success' */
  paymentStatus?: 'success' | (string & {});
  /** `null` leaves the claim out. @default a random token */
  paymentToken?: string | null;
  userRut?: string;
  /** Sent only when given (ETpay has not confirmed this claim). */
  merchantOrderId?: string;
  /** Sent only when given (ETpay has not confirmed this claim). */
  orderAmount?: number | string;
  /** Seconds since the epoch; each is left out unless given. */
  iat?: number;
  exp?: number;
  nbf?: number;
  /** Extra or overriding claims. */
  claims?: Record<string, unknown>;
  /** `'none'` builds an unsigned token (to test that it is refused). @default 'HS256' */
  alg?: EtpayJwtAlgorithm | 'none';
}

/** A signed ETpay notification ready to POST, with its JWT. */
export interface EtpayTestDelivery extends TestDelivery {
  /** The compact JWT in `json.payment`. */
  jwt: string;
}

/**
 * Builds an ETpay notification (`{ "payment": "<JWT>" }`) signed with jose, the library the verifier uses.
 *
 * @example
 * ```ts
 * import { testing } from '@paywire/core/testing'
 * const session = await testing.etpay.storeSession(store, testing.etpay.session())
 * const { body, headers } = await testing.etpay.notification({ ...session, paymentStatus: 'success' })
 * const answer = await fetch('http://127.0.0.1:3000/webhooks/etpay', { method: 'POST', headers, body })
 * answer.status // 200
 * ```
 */
export async function etpayNotification(input: EtpayTestNotificationInput): Promise<EtpayTestDelivery> {
  const optional: Record<string, unknown> = {
    user_rut: input.userRut,
    merchant_order_id: input.merchantOrderId,
    order_amount: input.orderAmount,
    iat: input.iat,
    exp: input.exp,
    nbf: input.nbf,
  };
  const paymentToken = input.paymentToken === null ? undefined : (input.paymentToken ?? `pt${random(12)}`);
  const claims: Record<string, unknown> = {
    session_token: input.sessionToken,
    payment_status: input.paymentStatus ?? 'success',
    ...(paymentToken !== undefined ? { payment_token: paymentToken } : {}),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ...input.claims,
  };
  const alg = input.alg ?? 'HS256';
  const jwt =
    alg === 'none'
      ? new UnsecuredJWT(claims).encode()
      : await signNotification(claims, { signatureToken: input.signatureToken, alg });
  const json = { payment: jwt };
  return { body: JSON.stringify(json), headers: { 'content-type': 'application/json' }, json, jwt };
}

/** ETpay's part of the testing kit: `testing.etpay` of `@paywire/core/testing`. */
export interface EtpayTesting {
  /** A signed ETpay notification for a session: {@link etpayNotification}. */
  readonly delivery: typeof etpayNotification;
  /** @deprecated use `testing.etpay.delivery` */
  readonly notification: typeof etpayNotification;
  /** A made-up session: {@link etpaySession}. */
  readonly session: typeof etpaySession;
  /** Makes paywire know a session: {@link storeEtpaySession}. */
  readonly storeSession: typeof storeEtpaySession;
}

/** {@inheritDoc EtpayTesting} */
export const etpayTesting: EtpayTesting = {
  delivery: etpayNotification,
  notification: etpayNotification,
  session: etpaySession,
  storeSession: storeEtpaySession,
};
