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
import { providerRegistry } from '../providers/registry.js';
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
export type { TestDelivery } from './delivery.js';
export type { WayletTestCallbackInput, WayletTesting } from '../providers/waylet/testing.js';
export type {
  PaykassmaTestPostbackInput,
  PaykassmaTestTransaction,
  PaykassmaTestKeys,
  PaykassmaTestDelivery,
  PaykassmaTestFlatPostback,
  PaykassmaTesting,
} from '../providers/paykassma/testing.js';
export type {
  PaylicanTestWebhookInput,
  PaylicanTestAuth,
  PaylicanTestDelivery,
  PaylicanTesting,
} from '../providers/paylican/testing.js';
export type {
  EtpayTestSession,
  EtpayTestNotificationInput,
  EtpayTestDelivery,
  EtpayTesting,
} from '../providers/etpay/testing.js';

/**
 * Builds the kit from the registry: every provider brings its own part (its folder's `testing.ts`), under its name.
 */
function testingKit<R extends { readonly [name: string]: { readonly testing: unknown } }>(
  registry: R,
): { readonly [K in keyof R]: R[K]['testing'] } {
  return Object.freeze(
    Object.fromEntries(Object.entries(registry).map(([name, definition]) => [name, definition.testing])),
  ) as { readonly [K in keyof R]: R[K]['testing'] };
}

/**
 * Builders of signed provider callbacks, one namespace per provider, one verb for all: `delivery(…)` returns
 * what the provider would send (`{ body, headers }`, plus `query`/`url` where the provider uses them).
 * The provider-specific names (`callback`, `postback`, `webhook`, `notification`) are kept as deprecated aliases.
 * Built from the provider registry: each provider folder's `testing.ts` contributes `testing.<provider>`.
 */
export const testing = testingKit(providerRegistry);
