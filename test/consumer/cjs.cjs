// A CommonJS consumer: require() gets the CommonJS build (dist/cjs) through the `require` export condition.
const { createPaywire, isPaywireError } = require('@paywire/core');
try {
  createPaywire({ providers: { waylet: { baseUrl: 'http://127.0.0.1:9', apiKey: '', commerceId: 'c', secret: 's' } } });
} catch (err) {
  console.log(JSON.stringify({ code: isPaywireError(err) ? err.code : 'not a PaywireError', field: err.field }));
}
