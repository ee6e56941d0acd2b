import { paywireError } from '../../errors.js';
import type { PaymentEvent, PaymentEventType } from '../../events.js';
import { readTopLevelMember } from '../../lib/json/index.js';
import { assertEventMatches } from '../../stores/ledger.js';
import type { ParsedDelivery, ProviderContext, ProviderWebhook, WebhookReplyBase } from '../types.js';
import type { WayletConfig } from './config.js';
import { wayletCallbackSchema, type WayletCallback } from './schemas.js';
import { matchingSecretIndex } from '../../lib/secret-list.js';
import { callbackMac, macMatches, type WayletSignatureEncoding } from './signature.js';

/** Options of {@link verifyCallback}. */
export interface WayletVerifyOptions {
  /** The HMAC-SHA512 secret, or during a rotation the secrets to accept (any one may match). */
  secret: string | readonly string[];
  /** @default 'hex' */
  encoding?: WayletSignatureEncoding;
}

/** A verified Waylet callback, with the amount's exact text. */
export interface VerifiedWayletCallback {
  callback: WayletCallback;
  /** The amount exactly as it appeared in the body (`"300"`). */
  amountText: string;
  /** Which secret of `options.secret` matched (0 for a single secret). Report the index, never the value. */
  secretIndex: number;
}

function amountTextOf(text: string, callback: WayletCallback): string {
  if (typeof callback.amount === 'string') return callback.amount;
  const raw = readTopLevelMember(text, 'amount');
  return raw ?? String(callback.amount);
}

/**
 * Verifies a Waylet callback body (the exact text received) and returns it parsed.
 *
 * @example
 * ```ts
 * import { verifyCallback } from '@paywire/core/waylet'
 * const { callback, amountText } = verifyCallback(rawBody, { secret })
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID` when the body is not a Waylet callback; `ERR_SIGNATURE_INVALID`
 *   when the signature does not match (any field changed, wrong secret).
 */
export function verifyCallback(body: string | Uint8Array, options: WayletVerifyOptions): VerifiedWayletCallback {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw paywireError('ERR_PAYLOAD_INVALID', 'waylet callback: the body is not valid JSON', { provider: 'waylet' });
  }
  return verifyParsedCallback(text, json, options);
}

/** A string whose length is within the schema's bounds. */
function isText(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max;
}

/**
 * What {@link wayletCallbackSchema} returns for the usual callback (the five signed members, no error members),
 * checked member by member without zod's per-member work; `undefined` for anything else, which then goes
 * through the schema itself (the only definition of the shape, and of every error message). A test holds the
 * two to the same answers. Internal.
 *
 * @example
 * ```ts
 * import { plainCallback } from './webhook.js'
 * plainCallback({ paymentId: 'o-1', wayletPaymentId: 'bf48', status: 'PAID', amount: 300, signature: 'ab' })
 * ```
 */
export function plainCallback(json: unknown): WayletCallback | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const { paymentId, wayletPaymentId, status, amount, signature } = json as Record<string, unknown>;
  if (!isText(paymentId, 1, 1024) || !isText(wayletPaymentId, 1, 1024) || !isText(status, 1, 64)) return undefined;
  if (!isText(signature, 1, 512)) return undefined;
  if (typeof amount !== 'number' && !isText(amount, 0, 64)) return undefined;
  if (typeof amount === 'number' && !Number.isFinite(amount)) return undefined;
  if ('errorCode' in json || 'errorDescription' in json) return undefined;
  // the schema's output: its members in its order, anything else left out
  return { paymentId, wayletPaymentId, status, amount, signature };
}

function parseCallback(json: unknown): WayletCallback {
  const plain = plainCallback(json);
  if (plain) return plain;
  const parsed = wayletCallbackSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw paywireError('ERR_PAYLOAD_INVALID', `waylet callback: ${issue?.path.join('.') || 'body'}: ${issue?.message}`, {
    provider: 'waylet',
  });
}

/** {@link verifyCallback} for a body already parsed from `text`. Internal. */
export function verifyParsedCallback(
  text: string,
  json: unknown,
  options: WayletVerifyOptions,
): VerifiedWayletCallback {
  const callback = parseCallback(json);
  const amountText = amountTextOf(text, callback);
  // the signed fields only (no copy of the whole callback)
  const fields = {
    paymentId: callback.paymentId,
    wayletPaymentId: callback.wayletPaymentId,
    status: callback.status,
    amount: amountText,
  };
  const { secret, encoding } = options;
  // no list and no closure for the usual single secret
  const secretIndex =
    typeof secret === 'string'
      ? macMatches(callback.signature, callbackMac(fields, { secret }), encoding)
        ? 0
        : -1
      : matchingSecretIndex(secret, (one) =>
          macMatches(callback.signature, callbackMac(fields, { secret: one }), encoding),
        );
  if (secretIndex < 0) {
    throw paywireError(
      'ERR_SIGNATURE_INVALID',
      'waylet callback: the signature does not match (wrong secret, a changed field, or another encoding)',
      { provider: 'waylet' },
    );
  }
  return { callback, amountText, secretIndex };
}

const TYPE_BY_STATUS: Record<string, PaymentEventType> = {
  PAID: 'payment.paid',
  REFUSED: 'payment.failed',
  CANCELED: 'payment.canceled',
  CANCELLED: 'payment.canceled',
};

/** Maps a verified callback to a normalized event (undefined for a status Waylet has not documented). */
export function toPaymentEvent(
  { callback, amountText }: VerifiedWayletCallback,
  receivedAt: Date,
): PaymentEvent<'waylet'> | undefined {
  const type = TYPE_BY_STATUS[callback.status];
  if (!type) return undefined;
  const status = callback.status === 'CANCELLED' ? 'CANCELED' : callback.status;
  // errorCode and errorDescription are outside Waylet's signature: kept apart, marked unverified
  const failure =
    type === 'payment.failed'
      ? {
          ...(callback.errorCode != null ? { code: String(callback.errorCode) } : {}),
          ...(callback.errorDescription != null ? { message: callback.errorDescription } : {}),
          verified: false,
        }
      : undefined;
  const id = `waylet:${callback.wayletPaymentId}:${status}`;
  const amount = { value: amountText, currency: 'EUR', unit: 'minor' } as const;
  // one literal (a spread inside a literal is a slow path on every callback)
  const event: PaymentEvent<'waylet'> = {
    id,
    provider: 'waylet',
    type,
    paymentId: callback.paymentId,
    providerPaymentId: callback.wayletPaymentId,
    amount,
    receivedAt,
    source: 'webhook',
    raw: callback,
  };
  if (!failure) return event;
  // a refused payment (rare): `failure` in its place, after the amount
  const { receivedAt: at, source, raw, ...head } = event;
  return { ...head, failure, receivedAt: at, source, raw };
}

/** The Waylet side of the webhook pipeline. Internal. */
export function createWayletWebhook(
  config: WayletConfig,
  ctx: Pick<ProviderContext, 'ledger' | 'clock' | 'logger'>,
): ProviderWebhook {
  const options = { secret: config.secrets, encoding: config.signatureEncoding };
  const now = () => ctx.clock.now();
  return {
    receive(input): ParsedDelivery | Promise<ParsedDelivery> {
      const verified = verifyParsedCallback(input.text, input.json, options);
      const { callback, amountText, secretIndex } = verified;
      if (secretIndex > 0)
        ctx.logger.info(
          `waylet callback verified with secret #${secretIndex} (not the first: Waylet still signs with an older secret)`,
          { secretIndex },
        );
      const event = toPaymentEvent(verified, new Date(now()));
      // Waylet signs the ids concatenated: refuse a callback re-split onto another order, or with another amount.
      // The pipeline checks it on the ledger read it applies the event with (`bindsLedger`); a status with no
      // event is checked here.
      if (event) return { events: [event], secretIndex, bindsLedger: true };
      return ctx.ledger.get(callback.paymentId).then((record): ParsedDelivery => {
        assertEventMatches(record, {
          provider: 'waylet',
          providerPaymentId: callback.wayletPaymentId,
          amount: { value: amountText, currency: 'EUR', unit: 'minor' },
        });
        return {
          events: [],
          unknown: [{ provider: 'waylet', type: verified.callback.status, raw: verified.callback }],
          secretIndex,
        };
      });
    },
    acknowledge: (delivery) => {
      const ack: WebhookReplyBase = {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: '{}',
      };
      if (delivery.secretIndex !== undefined) ack.secretIndex = delivery.secretIndex;
      return ack;
    },
  };
}
