/**
 * The testing kit: correctly signed callbacks for every provider, built with the same code the verifiers use.
 *
 * @example
 * ```ts
 * import { testing } from '@paywire/core/testing'
 * const delivery = testing.waylet.delivery(
 *   { status: 'PAID', paymentId: 'order-1', amount: 300 },
 *   { secret: 'test-secret' },
 * )
 * // → { body, headers } to send to your endpoint; every provider has the same verb: testing.<provider>.delivery(…)
 * ```
 * @module
 */
import { wayletCallback } from './waylet.js';
import { paykassmaFlatPostback, paykassmaPostback } from './paykassma.js';
import { paylicanWebhook } from './paylican.js';
import { etpayNotification, etpaySession, storeEtpaySession } from './etpay.js';
import { parseJsonKeepingNumberText, type JsonNode } from '../lib/json/index.js';

export type { JsonNode };

/**
 * An exact-text JSON reader (numbers kept as the text that was sent): what the sandbox's emulators use to read
 * amounts the way a provider would. Not needed by apps. The public name of core's internal
 * `parseJsonKeepingNumberText`.
 *
 * @example
 * ```ts
 * import { parseJsonTree } from '@paywire/core/testing'
 * parseJsonTree('{"amount":500.50}') // { kind: 'object', entries: [['amount', { kind: 'number', token: '500.50' }]] }
 * ```
 * @throws PaywireError `ERR_PAYLOAD_INVALID` when the text is not JSON or nests deeper than 64 levels.
 */
export function parseJsonTree(text: string): JsonNode {
  return parseJsonKeepingNumberText(text);
}
export { describeStoreContract, type StoreContractRunner, type StoreContractOptions } from '../stores/contract.js';
export type { TestDelivery, WayletTestCallbackInput } from './waylet.js';
export type {
  PaykassmaTestPostbackInput,
  PaykassmaTestTransaction,
  PaykassmaTestKeys,
  PaykassmaTestDelivery,
  PaykassmaTestFlatPostback,
} from './paykassma.js';
export type { PaylicanTestWebhookInput, PaylicanTestAuth, PaylicanTestDelivery } from './paylican.js';
export type { EtpayTestSession, EtpayTestNotificationInput, EtpayTestDelivery } from './etpay.js';

/**
 * Builders of signed provider callbacks, one namespace per provider, one verb for all: `delivery(…)` returns
 * what the provider would send (`{ body, headers }`, plus `query`/`url` where the provider uses them).
 * The provider-specific names (`callback`, `postback`, `webhook`, `notification`) are kept as deprecated aliases.
 */
export const testing = {
  waylet: {
    delivery: wayletCallback,
    /** @deprecated use {@link testing}.waylet.delivery */
    callback: wayletCallback,
  },
  paykassma: {
    /** A postback in the current, flat format (the whole body signed). */
    delivery: paykassmaFlatPostback,
    /** A postback in the legacy format (`{ access_key, signature, label, transactions: […] }`). */
    legacyDelivery: paykassmaPostback,
    /** @deprecated use {@link testing}.paykassma.legacyDelivery */
    postback: paykassmaPostback,
  },
  paylican: {
    delivery: paylicanWebhook,
    /** @deprecated use {@link testing}.paylican.delivery */
    webhook: paylicanWebhook,
  },
  etpay: {
    delivery: etpayNotification,
    /** @deprecated use {@link testing}.etpay.delivery */
    notification: etpayNotification,
    session: etpaySession,
    storeSession: storeEtpaySession,
  },
} as const;
