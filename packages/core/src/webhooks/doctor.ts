import type { ParsedDelivery, WebhookInput } from '../providers/types.js';
import { JSON_HEADERS } from './http-reply.js';
import type { WebhookReply } from './types.js';

/** Header that marks a `paywire doctor` test delivery. */
export const DOCTOR_HEADER = 'x-paywire-doctor';
/** Every payment id of a `paywire doctor` test delivery starts with this. */
export const DOCTOR_PAYMENT_PREFIX = 'paywire-doctor-';

/**
 * The diagnostic answer to a `paywire doctor` test delivery, or `undefined` for any other delivery.
 *
 * Called only after the delivery passed the provider's verification (signature or guard), so the marker cannot
 * be used without the provider's secret. A test delivery is never deduplicated nor dispatched: no handler runs.
 * It answers 200 with what the endpoint saw, for the doctor to explain: whether the body arrived as raw bytes
 * (or was re-serialized after another parser consumed it), the peer address, `X-Forwarded-For`, and the
 * server's clock.
 *
 * @example
 * ```ts
 * import { doctorReply } from './doctor.js';
 * type Input = Parameters<typeof doctorReply>[1];
 * function answer(input: Input, delivery: Parameters<typeof doctorReply>[2]) {
 *   const diagnostic = doctorReply('waylet', input, delivery);
 *   if (diagnostic) return diagnostic;
 *   // … deduplicate and dispatch
 * }
 * ```
 * @throws never
 */
export function doctorReply(provider: string, input: WebhookInput, delivery: ParsedDelivery): WebhookReply | undefined {
  // the payment ids first: reading a header builds the lower-cased header map, which most deliveries never need
  if (delivery.events.length === 0) return undefined;
  if (!delivery.events.every((e) => e.paymentId?.startsWith(DOCTOR_PAYMENT_PREFIX))) return undefined;
  if (input.headers[DOCTOR_HEADER] !== '1') return undefined;
  const paywireDoctor = {
    provider,
    verified: true,
    rawBody: !input.reserialized,
    remoteAddress: input.remoteAddress ?? null,
    forwardedFor: input.headers['x-forwarded-for'] ?? null,
    serverTime: new Date().toISOString(),
  };
  const headers = { ...JSON_HEADERS, [DOCTOR_HEADER]: 'ok' };
  return {
    status: 200,
    headers,
    body: JSON.stringify({ paywireDoctor }),
    outcome: 'duplicate',
    events: [],
    unknown: [],
  };
}
