// A CommonJS consumer: Node 20.19+ loads our ESM build with require().
const { createPaywire, isPaywireError } = require('@paywire/core');
try {
  createPaywire({ providers: { waylet: { baseUrl: 'http://127.0.0.1:9', apiKey: '', commerceId: 'c', secret: 's' } } });
} catch (err) {
  console.log(JSON.stringify({ code: isPaywireError(err) ? err.code : 'not a PaywireError', field: err.field }));
}
