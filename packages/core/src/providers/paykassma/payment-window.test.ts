import { describe, expect, it } from 'vitest';
import { createPaywire, PaywireError } from '../../index.js';
import { paymentWindowUrl } from './index.js';

const pluginUrl = 'https://plugin.example-server.test/';
const base = { label: 'user 55/ß', walletType: 'wavepay', currencyCode: 'MMK', lang: 'my' } as const;

describe('paykassma paymentWindowUrl', () => {
  it('builds the id form with nothing more, URL-encoding every value', () => {
    const url = paymentWindowUrl({ ...base, successId: 12, failId: '13', pendingId: 14 }, { pluginUrl });
    expect(url).toBe(
      'https://plugin.example-server.test/?label=user+55%2F%C3%9F&wallet_type=wavepay&currency_code=MMK&lang=my&payment_url_success_id=12&payment_url_fail_id=13&payment_url_pending_id=14',
    );
    expect(new URL(url).searchParams.get('label')).toBe('user 55/ß');
  });

  it('hashes raw URLs with the merchant-supplied urlHasher', () => {
    const seen: string[] = [];
    const url = paymentWindowUrl(
      { ...base, successUrl: 'https://shop.test/ok?o=1', failId: 13 },
      {
        pluginUrl,
        urlHasher: (u, kind) => {
          seen.push(`${kind}:${u}`);
          return `h(${kind})`;
        },
      },
    );
    expect(seen).toEqual(['success:https://shop.test/ok?o=1']);
    const params = new URL(url).searchParams;
    expect(params.get('success_url')).toBe('h(success)');
    expect(params.get('payment_url_fail_id')).toBe('13');
  });

  it('refuses raw URLs without a urlHasher, with a clear ERR_CONFIG_INVALID', () => {
    const err = (() => {
      try {
        return paymentWindowUrl({ ...base, pendingUrl: 'https://shop.test/wait' }, { pluginUrl });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(PaywireError);
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID', field: 'urlHasher' });
    expect((err as Error).message).toMatch(/pendingUrl needs a urlHasher.*pendingId/);
  });

  it('names the field for bad input', () => {
    expect(() => paymentWindowUrl({ ...base, currencyCode: 'mmk' }, { pluginUrl })).toThrowError(
      expect.objectContaining({ code: 'ERR_INPUT_INVALID', field: 'currencyCode' }),
    );
    expect(() =>
      paymentWindowUrl({ ...base, successId: 1, successUrl: 'https://a.test' }, { pluginUrl, urlHasher: (u) => u }),
    ).toThrowError(expect.objectContaining({ field: 'successUrl' }));
    expect(() => paymentWindowUrl({ ...base, label: 'x'.repeat(191) }, { pluginUrl })).toThrowError(
      expect.objectContaining({ field: 'label' }),
    );
  });

  it('is on the client too, with the configured hasher or one per call', () => {
    const options = {
      apiUrl: 'http://127.0.0.1:9',
      pluginUrl,
      apiSecret: 'plugin-secret-1',
      postbackAccessKey: 'ak-1234',
      postbackPrivateKey: 'pk-1234',
    };
    const configured = createPaywire({ providers: { paykassma: { ...options, urlHasher: () => 'cfg' } } });
    expect(
      new URL(configured.paykassma.paymentWindowUrl({ ...base, failUrl: 'https://a.test/f' })).searchParams.get(
        'fail_url',
      ),
    ).toBe('cfg');
    expect(
      new URL(
        configured.paykassma.paymentWindowUrl({ ...base, failUrl: 'https://a.test/f' }, { urlHasher: () => 'call' }),
      ).searchParams.get('fail_url'),
    ).toBe('call');
    const bare = createPaywire({ providers: { paykassma: options } });
    expect(() => bare.paykassma.paymentWindowUrl({ ...base, failUrl: 'https://a.test/f' })).toThrowError(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }),
    );
    expect(bare.paykassma.paymentWindowUrl({ label: 'u', walletType: 'wavepay', currencyCode: 'MMK' })).not.toContain(
      'secret',
    );
  });

  it('validates the provider options at creation, naming the field', () => {
    const options = {
      apiUrl: 'http://127.0.0.1:9',
      pluginUrl,
      apiSecret: ' padded ',
      postbackAccessKey: 'ak-1234',
      postbackPrivateKey: 'pk-1234',
    };
    expect(() => createPaywire({ providers: { paykassma: options } })).toThrowError(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID', field: 'providers.paykassma.apiSecret' }),
    );
    expect(() =>
      createPaywire({ providers: { paykassma: { ...options, apiSecret: 's-1234', urlHasher: 'nope' as never } } }),
    ).toThrowError(expect.objectContaining({ field: 'providers.paykassma.urlHasher' }));
  });
});
