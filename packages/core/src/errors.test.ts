import { describe, expect, it } from 'vitest';
import {
  CONFIG_ERROR_CODES,
  ConfigError,
  ERROR_CODES,
  InputError,
  isPaywireError,
  PROVIDER_CALL_ERROR_CODES,
  ProviderApiError,
  ProviderCallError,
  paywireError,
  PaywireError,
  StoreError,
  WEBHOOK_ERROR_CODES,
  WebhookError,
} from './errors.js';
import { createPaywire } from './paywire.js';
import { testing } from './testing/index.js';
import { silentLogger } from './__test-support__/index.js';

describe('error families', () => {
  it('every code but ERR_PROVIDER_API is created as its family class, with its default HTTP status', () => {
    for (const code of ERROR_CODES) {
      if (code === 'ERR_PROVIDER_API') continue;
      const err = paywireError(code, 'x', { provider: 'waylet' });
      expect(err).toBeInstanceOf(PaywireError);
      expect(err.code).toBe(code);
      expect(err.name).toBe(err.constructor.name);
      const family = (CONFIG_ERROR_CODES as readonly string[]).includes(code)
        ? ConfigError
        : (WEBHOOK_ERROR_CODES as readonly string[]).includes(code)
          ? WebhookError
          : (PROVIDER_CALL_ERROR_CODES as readonly string[]).includes(code)
            ? ProviderCallError
            : code === 'ERR_INPUT_INVALID'
              ? InputError
              : StoreError;
      expect(err).toBeInstanceOf(family);
    }
    expect(paywireError('ERR_SIGNATURE_INVALID', 'x').httpStatus).toBe(401);
    expect(paywireError('ERR_STORE_UNAVAILABLE', 'x').httpStatus).toBe(503);
    expect(new ProviderApiError('x', { provider: 'waylet', status: 400, body: {} }).httpStatus).toBe(502);
  });

  it('isPaywireError matches the code, and a real refused delivery is a WebhookError', async () => {
    const secret = 'secret-1';
    const paywire = createPaywire({
      providers: { waylet: { baseUrl: 'http://127.0.0.1:9', apiKey: 'key-1234', commerceId: 'c', secret } },
      logger: silentLogger,
    });
    const { body, headers } = testing.waylet.delivery(
      { status: 'PAID', paymentId: 'o-1', amount: 300 },
      { secret: 'other' },
    );
    const reply = await paywire.webhooks.handle({ provider: 'waylet', rawBody: body, headers });
    expect(reply.status).toBe(401);
    expect(reply.error?.code).toBe('ERR_SIGNATURE_INVALID');
    const err = paywireError('ERR_PROVIDER_TIMEOUT', 'slow', { provider: 'waylet' });
    expect(isPaywireError(err, 'ERR_PROVIDER_TIMEOUT')).toBe(true);
    expect(isPaywireError(err, 'ERR_PROVIDER_API')).toBe(false);
    expect(isPaywireError(new Error('x'))).toBe(false);
  });
});
