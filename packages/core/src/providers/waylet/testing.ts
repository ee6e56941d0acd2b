import type { TestDelivery } from '../../testing/delivery.js';
import { signCallback, type WayletSignOptions } from './signature.js';

/** Fields of a Waylet test callback; anything omitted gets a plausible value. */
export interface WayletTestCallbackInput {
  paymentId?: string;
  wayletPaymentId?: string;
  /** @default 'PAID' */
  status?: 'PAID' | 'REFUSED' | 'CANCELED' | 'CANCELLED' | (string & {});
  /** Integer cents. @default 300 */
  amount?: number;
  errorCode?: string;
  errorDescription?: string;
}

/**
 * Builds a correctly signed Waylet callback with the verifier's own signing code.
 *
 * @example
 * ```ts
 * import { testing } from '@paywire/core/testing'
 * const { body, headers } = testing.waylet.callback({ status: 'PAID', paymentId: 'order-1' }, { secret })
 * const answer = await fetch('http://127.0.0.1:3000/webhooks/waylet', { method: 'POST', headers, body })
 * answer.status // 200
 * ```
 */
export function wayletCallback(input: WayletTestCallbackInput, options: WayletSignOptions): TestDelivery {
  const fields = {
    paymentId: input.paymentId ?? `order-${Math.random().toString(36).slice(2, 10)}`,
    wayletPaymentId:
      input.wayletPaymentId ??
      Math.random().toString(16).slice(2, 14).padEnd(12, '0') + Math.random().toString(16).slice(2, 14).padEnd(12, '0'),
    status: input.status ?? 'PAID',
    amount: input.amount ?? 300,
  };
  const json: Record<string, unknown> = {
    ...fields,
    ...(input.errorCode !== undefined ? { errorCode: input.errorCode } : {}),
    ...(input.errorDescription !== undefined ? { errorDescription: input.errorDescription } : {}),
    signature: signCallback(fields, options),
  };
  return { body: JSON.stringify(json), headers: { 'content-type': 'application/json' }, json };
}

/** Waylet's part of the testing kit: `testing.waylet` of `@paywire/core/testing`. */
export interface WayletTesting {
  /** A signed Waylet callback: {@link wayletCallback}. */
  readonly delivery: typeof wayletCallback;
  /** @deprecated use `testing.waylet.delivery` */
  readonly callback: typeof wayletCallback;
}

/** {@inheritDoc WayletTesting} */
export const wayletTesting: WayletTesting = {
  delivery: wayletCallback,
  callback: wayletCallback,
};
