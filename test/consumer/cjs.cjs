// A CommonJS consumer: require() gets the CommonJS build (dist/cjs) through the `require` export condition.
const { createPaywire, isPaywireError } = require('@paywire/core');
// every package resolves through `require` (the adapters and stores load their CommonJS builds too)
const exported = {
  '@paywire/express': typeof require('@paywire/express').paymentWebhooks,
  '@paywire/fastify': typeof require('@paywire/fastify').paymentWebhooks,
  '@paywire/nestjs': typeof require('@paywire/nestjs').PaymentsModule,
  '@paywire/postgres': typeof require('@paywire/postgres').postgresStore,
  '@paywire/redis': typeof require('@paywire/redis').redisStore,
  '@paywire/sandbox': typeof require('@paywire/sandbox').createSandbox,
};
try {
  createPaywire({ providers: { waylet: { baseUrl: 'http://127.0.0.1:9', apiKey: '', commerceId: 'c', secret: 's' } } });
} catch (err) {
  console.log(JSON.stringify({ code: isPaywireError(err) ? err.code : 'not a PaywireError', field: err.field, exported }));
}
