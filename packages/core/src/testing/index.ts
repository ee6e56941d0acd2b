/**
 * The testing kit: correctly signed callbacks for every provider, built with the same code the verifiers use.
 *
 * @example
 * ```ts
 * import { testing } from '@paywire/core/testing'
 * const delivery = testing.waylet.callback({ status: 'PAID', paymentId: 'order-1', amount: 300 }, { secret })
 * ```
 * @module
 */
import { wayletCallback } from './waylet.js';
import { paykassmaPostback } from './paykassma.js';
import { paylicanWebhook } from './paylican.js';
import { etpayNotification, etpaySession, storeEtpaySession } from './etpay.js';

export { describeStoreContract, type StoreContractRunner, type StoreContractOptions } from '../stores/contract.js';
export type { TestDelivery, WayletTestCallbackInput } from './waylet.js';
export type { PaykassmaTestPostbackInput, PaykassmaTestTransaction, PaykassmaTestKeys, PaykassmaTestDelivery } from './paykassma.js';
export type { PaylicanTestWebhookInput, PaylicanTestAuth, PaylicanTestDelivery } from './paylican.js';
export type { EtpayTestSession, EtpayTestNotificationInput, EtpayTestDelivery } from './etpay.js';

/** Builders of signed provider callbacks, one namespace per provider. */
export const testing = {
  waylet: { callback: wayletCallback },
  paykassma: { postback: paykassmaPostback },
  paylican: { webhook: paylicanWebhook },
  etpay: { notification: etpayNotification, session: etpaySession, storeSession: storeEtpaySession },
} as const;
