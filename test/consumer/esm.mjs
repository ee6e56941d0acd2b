// A plain ESM consumer of the BUILT packages (no source condition): run by test/consumer.test.ts.
import { createPaywire, PaywireError, memoryStore } from '@paywire/core';
import { testing } from '@paywire/core/testing';
import { verifyCallback } from '@paywire/core/waylet';
import { paymentRedirectUrl } from '@paywire/core/paylican';
import { signPostback } from '@paywire/core/paykassma';
import { sessionRedirectUrl } from '@paywire/core/etpay';
import { paymentWebhooks, rawBodySaver } from '@paywire/express';
import { PaymentsModule, OnPaymentPaid } from '@paywire/nestjs';
import { createSandbox } from '@paywire/sandbox';
import { postgresStore, MIGRATIONS } from '@paywire/postgres';
import { paymentWebhooks as fastifyWebhooks } from '@paywire/fastify';
import { redisStore } from '@paywire/redis';

const secret = 'consumer-secret';
const paywire = createPaywire({ providers: { waylet: { baseUrl: 'http://127.0.0.1:9', apiKey: 'consumer-key', commerceId: 'c', secret } }, store: memoryStore() });
let paid = 0;
paywire.on('payment.paid', () => void paid++);
const d = testing.waylet.callback({ status: 'PAID' }, { secret });
const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody: d.body });
verifyCallback(d.body, { secret });
const sandbox = await createSandbox({ port: 0 });
const dashboard = (await fetch(sandbox.url)).status;
await sandbox.close();
console.log(JSON.stringify({
  status: reply.status,
  paid,
  errorClass: typeof PaywireError,
  functions: [paymentRedirectUrl, signPostback, sessionRedirectUrl, paymentWebhooks, rawBodySaver, PaymentsModule.forRoot, OnPaymentPaid, postgresStore, fastifyWebhooks, redisStore].every((f) => typeof f === 'function') && Array.isArray(MIGRATIONS),
  dashboard,
}));
