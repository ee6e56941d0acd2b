import { paywireError } from '../../errors.js';
import type { PaymentEvent } from '../../events.js';
import type { ParsedDelivery, ProviderContext, ProviderWebhook } from '../types.js';
import { createEtpayClient, type EtpayClient } from './client.js';
import type { EtpayConfig } from './config.js';
import type { EtpayNotificationClaims } from './schemas.js';
import { loadEtpaySession, type EtpaySessionRecord } from './sessions.js';
import { peekNotificationParts, verifyPeekedNotificationJwt } from './signature.js';

/** Options of {@link verifyNotification}. */
export interface EtpayNotificationOptions<S extends { signatureToken: string }> {
  /** Finds the session a notification names (`undefined` when unknown). paywire's webhook reads its store. */
  session(sessionToken: string): S | undefined | Promise<S | undefined>;
  /** Clock skew allowed on `exp` / `nbf`, in seconds. @default 30 */
  clockToleranceSec?: number;
  /** "Now" for `exp` / `nbf`. @default new Date() */
  currentDate?: Date;
}

/** A verified ETpay notification and the session it belongs to. */
export interface VerifiedEtpayNotification<S extends { signatureToken: string }> {
  claims: EtpayNotificationClaims;
  session: S;
  /** The compact JWT as received. */
  jwt: string;
}

/** The longest notification JWT accepted (ETpay's carry a few claims: well under 2 KiB). */
const MAX_NOTIFICATION_JWT = 16 * 1024;

const payloadInvalid = (message: string) =>
  paywireError('ERR_PAYLOAD_INVALID', `etpay notification: ${message}`, { provider: 'etpay' });

/** The `payment` JWT of a notification body (`{ "payment": "<JWT>" }`), given as text, bytes or parsed JSON. */
function jwtOf(body: unknown): string {
  let json = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    try {
      json = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    } catch {
      throw payloadInvalid('the body is not valid JSON');
    }
  }
  const jwt = json !== null && typeof json === 'object' ? (json as Record<string, unknown>)['payment'] : undefined;
  if (typeof jwt !== 'string' || jwt === '') throw payloadInvalid('the body has no "payment" member holding a JWT');
  // a notification holds a handful of claims: refuse a huge token before decoding or hashing it
  if (jwt.length > MAX_NOTIFICATION_JWT)
    throw payloadInvalid(`the JWT is longer than ${MAX_NOTIFICATION_JWT} characters`);
  return jwt;
}

/**
 * Verifies an ETpay notification body: reads the unverified `session_token` only to find the session, then
 * verifies the JWT with that session's signature token (HS256/384/512 only; `exp`/`nbf` honoured).
 *
 * @example
 * ```ts
 * import { verifyNotification } from '@paywire/core/etpay'
 * const { claims, session } = await verifyNotification(rawBody, { session: (token) => db.etpaySessions.find(token) })
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID`, `ERR_TOKEN_ALGORITHM`, `ERR_SESSION_UNKNOWN`,
 *   `ERR_SIGNATURE_INVALID`, `ERR_TOKEN_EXPIRED`.
 */
export async function verifyNotification<S extends { signatureToken: string }>(
  body: unknown,
  options: EtpayNotificationOptions<S>,
): Promise<VerifiedEtpayNotification<S>> {
  const jwt = jwtOf(body);
  const peeked = peekNotificationParts(jwt);
  const session = await options.session(peeked.sessionToken);
  if (!session)
    throw paywireError('ERR_SESSION_UNKNOWN', 'etpay notification: no session is known for this session_token', {
      provider: 'etpay',
    });
  const claims = await verifyPeekedNotificationJwt(jwt, peeked, {
    signatureToken: session.signatureToken,
    clockToleranceSec: options.clockToleranceSec,
    currentDate: options.currentDate,
  });
  return { claims, session, jwt };
}

/** CLP text of an amount claim (`1000`, `"1000"`, `"1000.00"` → `"1000"`); undefined when it is not a whole number. */
function wholeClp(text: string): string | undefined {
  const match = /^(\d+)(?:\.0+)?$/.exec(text);
  return match ? String(BigInt(match[1] as string)) : undefined;
}

/**
 * Refuses claims that name another order or amount than the stored session (ETpay has not confirmed these
 * claims exist; when present they must agree).
 *
 * @example
 * ```ts
 * import { assertMatchesSession } from '@paywire/core/etpay'
 * assertMatchesSession(claims, session)
 * ```
 * @throws PaywireError `ERR_PAYMENT_MISMATCH` (422).
 */
export function assertMatchesSession(
  claims: EtpayNotificationClaims,
  session: Pick<EtpaySessionRecord, 'merchantOrderId' | 'orderAmount'>,
): void {
  const wrong: string[] = [];
  if (claims.merchant_order_id !== undefined && String(claims.merchant_order_id) !== session.merchantOrderId)
    wrong.push('merchant_order_id');
  if (claims.order_amount !== undefined && wholeClp(String(claims.order_amount)) !== String(session.orderAmount))
    wrong.push('order_amount');
  if (wrong.length > 0) {
    throw paywireError(
      'ERR_PAYMENT_MISMATCH',
      `etpay notification: ${wrong.join(' and ')} disagree with the session created for order ${session.merchantOrderId}`,
      {
        provider: 'etpay',
        details: { fields: wrong },
      },
    );
  }
}

/**
 * Maps a verified notification to a normalized event: `success` → `payment.paid`, any other status →
 * `payment.failed` with the status as `failure.code`. Order id and amount come from the stored session.
 *
 * @example
 * ```ts
 * import { toPaymentEvent } from '@paywire/core/etpay'
 * const event = toPaymentEvent(claims, session, new Date())
 * ```
 */
export function toPaymentEvent(
  claims: EtpayNotificationClaims,
  session: Pick<EtpaySessionRecord, 'merchantOrderId' | 'orderAmount'>,
  receivedAt: Date,
): PaymentEvent<'etpay'> {
  const paid = claims.payment_status === 'success';
  return {
    // One session is one payment: the id does not depend on whether ETpay included payment_token this time.
    id: `etpay:${claims.session_token}:${claims.payment_status}`,
    provider: 'etpay',
    type: paid ? 'payment.paid' : 'payment.failed',
    paymentId: session.merchantOrderId,
    ...(claims.payment_token !== undefined ? { providerPaymentId: claims.payment_token } : {}),
    amount: { value: String(session.orderAmount), currency: 'CLP', unit: 'major' },
    ...(paid ? {} : { failure: { code: claims.payment_status, verified: true } }),
    ...(claims.iat !== undefined ? { occurredAt: new Date(claims.iat * 1000) } : {}),
    receivedAt,
    source: 'webhook',
    raw: claims,
  };
}

/** Asks `check_payment_status` and refuses when ETpay's answer disagrees with the notification. */
async function confirmWithApi(
  client: EtpayClient,
  claims: EtpayNotificationClaims,
  session: EtpaySessionRecord,
): Promise<void> {
  const status = await client.checkPaymentStatus(
    claims.payment_token !== undefined
      ? { paymentToken: claims.payment_token }
      : { sessionToken: claims.session_token },
  );
  const apiStatus = status.paymentStatus.toLowerCase();
  if (apiStatus === 'pending' && claims.payment_status.toLowerCase() !== 'pending') {
    // ETpay's records can lag behind its own notification: answer "retry later" (409) rather than refuse, so the
    // payment is not lost when the status catches up.
    throw paywireError(
      'ERR_EVENT_IN_PROGRESS',
      'etpay notification: check_payment_status still says "pending"; retry later',
      { provider: 'etpay' },
    );
  }
  const wrong: string[] = [];
  if (apiStatus !== claims.payment_status.toLowerCase()) wrong.push('payment_status');
  if (status.merchantOrderId !== undefined && status.merchantOrderId !== session.merchantOrderId)
    wrong.push('merchant_order_id');
  if (status.orderAmount !== undefined && wholeClp(status.orderAmount) !== String(session.orderAmount))
    wrong.push('order_amount');
  if (wrong.length > 0) {
    throw paywireError(
      'ERR_PAYMENT_MISMATCH',
      `etpay notification: check_payment_status disagrees on ${wrong.join(', ')} (notification says ${JSON.stringify(claims.payment_status)}, API says ${JSON.stringify(status.paymentStatus)})`,
      {
        provider: 'etpay',
        details: { fields: wrong },
      },
    );
  }
}

/** The ETpay side of the webhook pipeline. Internal. */
export function createEtpayWebhook(config: EtpayConfig, ctx: ProviderContext): ProviderWebhook {
  const client = createEtpayClient(config, ctx);
  return {
    async receive(input): Promise<ParsedDelivery> {
      const { claims, session } = await verifyNotification(input.json, {
        session: async (sessionToken) => {
          const session = await loadEtpaySession(ctx.store, sessionToken);
          ctx.redact.addRuntime(session.signatureToken);
          return session;
        },
        clockToleranceSec: config.clockToleranceSec,
        currentDate: new Date(ctx.clock.now()),
      });
      assertMatchesSession(claims, session);
      if (config.confirmWithApi) await confirmWithApi(client, claims, session);
      return { events: [toPaymentEvent(claims, session, new Date(ctx.clock.now()))] };
    },
    acknowledge: () => ({ status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'ok' }),
  };
}
