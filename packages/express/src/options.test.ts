import { describe, expect, it } from 'vitest';
import type { PaymentWebhooksOptions } from './index.js';
import { paymentWebhooks } from './index.js';
import { parseLimit, resolveOptions } from './options.js';
import { paywireFor, wayletCase } from './__fixtures__/apps.js';

describe('paymentWebhooks options', () => {
  const { paywire } = paywireFor(wayletCase);

  it.each([
    ['no options', undefined, /options must be an object/],
    ['no paywire', {}, /options.paywire must be the instance/],
    ['a paywire-like object without webhooks', { paywire: { on() {}, isConfigured: () => true } }, /options.paywire/],
    [
      'an unknown event type',
      { paywire, on: { 'payment.settled': () => {} } },
      /on\["payment.settled"\]: unknown event type/,
    ],
    ['a handler that is not a function', { paywire, on: { 'payment.paid': 'markPaid' } }, /must be a function/],
    ['an empty handler list', { paywire, on: { 'payment.paid': [] } }, /must be a function/],
    [
      'a path for an unconfigured provider',
      { paywire, paths: { etpay: '/etpay' } },
      /paths.etpay: "etpay" is not a configured provider \(configured: waylet\)/,
    ],
    ['a path for an unknown provider', { paywire, paths: { stripe: '/stripe' } }, /paths.stripe/],
    ['a relative path', { paywire, paths: { waylet: 'waylet' } }, /must start with '\/'/],
    ['a path with a query', { paywire, paths: { waylet: '/waylet?x=1' } }, /paths.waylet/],
    ['the mount root as a path', { paywire, paths: { waylet: '/' } }, /paths.waylet/],
    ['a zero limit', { paywire, limit: 0 }, /limit must be a positive number/],
    ['a limit in furlongs', { paywire, limit: '3 furlongs' }, /limit must be/],
    ['a bad media type', { paywire, contentTypes: ['json'] }, /contentTypes entries/],
    ['a non-boolean respond', { paywire, respond: 'no' }, /respond must be a boolean/],
  ])('throws TypeError at the call for %s', (_what, options, message) => {
    expect(() => paymentWebhooks(options as unknown as PaymentWebhooksOptions)).toThrow(TypeError);
    expect(() => paymentWebhooks(options as unknown as PaymentWebhooksOptions)).toThrow(message);
  });

  it('registers no handler when the options are invalid', async () => {
    const { paywire: fresh, seen } = paywireFor(wayletCase);
    const ran: string[] = [];
    expect(() =>
      paymentWebhooks({
        paywire: fresh,
        on: { 'payment.paid': () => void ran.push('paid'), 'payment.nope': () => {} } as never,
      }),
    ).toThrow(TypeError);
    const d = await wayletCase.signed(undefined as never);
    await fresh.webhooks.handle({ provider: 'waylet', rawBody: d.body });
    expect(seen).toHaveLength(1);
    expect(ran).toEqual([]);
  });

  it('parses limits in bytes and in units of 1024', () => {
    expect(parseLimit(10)).toBe(10);
    expect(parseLimit('512kb')).toBe(512 * 1024);
    expect(parseLimit('1MB')).toBe(1024 * 1024);
    expect(parseLimit('1.5mb')).toBe(1.5 * 1024 * 1024);
    expect(() => parseLimit(1.5)).toThrow(TypeError);
  });

  it('resolves defaults: 1 MiB, /<provider> for every provider, configured ones first, longest path first', () => {
    const resolved = resolveOptions({ paywire, paths: { waylet: '/pay/waylet/callback' } });
    expect(resolved.limit).toBe(1024 * 1024);
    expect(resolved.respond).toBe(true);
    expect(resolved.routes[0]).toEqual({ provider: 'waylet', configured: true, path: '/pay/waylet/callback' });
    expect(resolved.routes.filter((r) => !r.configured).map((r) => r.path)).toEqual(
      expect.arrayContaining(['/etpay', '/paylican', '/paykassma']),
    );
    expect(resolved.contentTypes.some((re) => re.test('application/problem+json'))).toBe(true);
    expect(resolved.contentTypes.some((re) => re.test('application/x-www-form-urlencoded'))).toBe(false);
    expect(resolved.contentTypes.some((re) => re.test('multipart/form-data'))).toBe(false);
  });
});
