// A TypeScript consumer compiled against the BUILT .d.ts files (tsconfig.json here has no source condition).
import { createPaywire, isPaywireError, type PaymentEvent, type PaywireErrorCode } from '@paywire/core';
import { testing } from '@paywire/core/testing';
import { signCallback, type WayletCallback } from '@paywire/core/waylet';

const paywire = createPaywire({
  providers: { waylet: { baseUrl: 'http://127.0.0.1:9', apiKey: 'k', commerceId: 'c', secret: 's' } },
});
paywire.on('payment.paid', { provider: 'waylet' }, (event: PaymentEvent<'waylet'>) => {
  const raw: WayletCallback = event.raw;
  return raw.wayletPaymentId;
});
export function describe(err: unknown): string {
  if (!isPaywireError(err)) return 'unknown';
  const code: PaywireErrorCode = err.code;
  switch (code) {
    case 'ERR_SIGNATURE_INVALID':
      return 'forged';
    default:
      return code;
  }
}
export const signature: string = signCallback(
  { paymentId: 'p', wayletPaymentId: 'w', status: 'PAID', amount: 1 },
  { secret: 's' },
);
export const body: string = testing.waylet.callback({}, { secret: 's' }).body;

// The adapters' declarations, as an app would use them.
import { paymentWebhooks } from '@paywire/express';
import { OnPaymentPaid, PaymentsModule } from '@paywire/nestjs';

export const webhooks = paymentWebhooks({ paywire, on: { 'payment.paid': (e) => void e.id } });
export const paymentsModule = PaymentsModule.forRoot({
  providers: { waylet: { baseUrl: 'http://127.0.0.1:9', apiKey: 'k', commerceId: 'c', secret: 's' } },
});
export class Orders {
  @OnPaymentPaid({ provider: 'waylet' })
  onPaid(event: PaymentEvent<'waylet'>): string {
    return event.raw.paymentId;
  }
}

// @paywire/postgres: importing it types every handler's context.tx as a pg PoolClient
// (module augmentation in the .d.ts).
import { postgresStore, type PaymentContext } from '@paywire/postgres';

export const pgStore = postgresStore({ connectionString: 'postgres://app@127.0.0.1:1/shop' }); // connects on first use only
paywire.on('payment.paid', async (event, { tx }) => {
  await tx.query('update orders set paid = true where id = $1', [event.paymentId]);
});
export async function creditOrder(event: PaymentEvent, { tx }: PaymentContext): Promise<void> {
  await tx.query('select 1');
}
paywire.on('payment.paid', creditOrder);

// @paywire/fastify: the plugin's options as an app passes them to `app.register(paymentWebhooks, options)`.
import { paymentWebhooks as fastifyWebhooks, type PaymentWebhooksOptions } from '@paywire/fastify';

export const fastifyOptions: PaymentWebhooksOptions = {
  paywire,
  prefix: '/webhooks',
  limit: '512kb',
  on: { 'payment.paid': (e) => void e.id },
};
export const fastifyPlugin: typeof fastifyWebhooks = fastifyWebhooks;

// @paywire/redis: the store, for several app instances.
import type { Paywire } from '@paywire/core';
import { redisStore, type RedisStore } from '@paywire/redis';

export function sharedPaywire(url: string): { store: RedisStore; paywire: Paywire<'waylet'> } {
  const store = redisStore({ url }, { keyPrefix: 'shop:' });
  return {
    store,
    paywire: createPaywire({
      providers: { waylet: { baseUrl: 'http://127.0.0.1:9', apiKey: 'k', commerceId: 'c', secret: 's' } },
      store,
    }),
  };
}
