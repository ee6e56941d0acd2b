import { afterEach, describe, expect, it } from 'vitest';
import { isPaywireError, type PaywireError } from '../../index.js';
import {
  API,
  fakePaylican,
  INVOICES,
  paymentInput,
  paywireWithFake,
  type FakePaylican,
} from './__fixtures__/paylican-api.js';
import { stringifyJsonWithRawNumbers } from '../../lib/json/index.js';
import { paymentRedirectUrl } from './index.js';
import { paylicanAmountJson } from './amount.js';

let fake: FakePaylican | undefined;
afterEach(async () => {
  await fake?.agent.close();
  fake = undefined;
});

const REDIRECT =
  'http://127.0.0.1:18080/auth/realms/PGW/protocol/openid-connect/auth?client_id=invoice-system-client&redirect_uri=';

describe('paylican createPayment', () => {
  it('posts the documented body with a bearer token and returns the redirect URL', async () => {
    fake = fakePaylican();
    const paywire = paywireWithFake(fake);
    const additionalFields = [
      { code: 'documentNo', value: 'TST1201901260' },
      { code: 'documentDate', value: '2018-01-03Z' },
    ];
    const created = await paywire.paylican.createPayment({ ...paymentInput(1), additionalFields });
    expect(created).toEqual({
      invoiceId: 'INV-1',
      merchantReference: 'REF-1',
      redirectUrl: `${REDIRECT}${encodeURIComponent(`${API}/api/v1/pay/XYZ/REF-1/INV-1`)}&response_type=code&scope=openid`,
    });
    const req = fake.apiRequests[0];
    expect(req).toMatchObject({ method: 'POST', path: '/api/v1/payment', authorization: 'Bearer at-1' });
    expect(JSON.parse(req?.body ?? '')).toEqual({
      amount: 5100,
      type: 'XYZ',
      customerCode: 'ABC123',
      merchantReference: 'REF-1',
      redirectionUrl: 'https://merchant-url.com/',
      itemName: 'Item name',
      beneficiaryCode: '20',
      additionalFields,
    });
    // the amount is the JSON number token 5100.00, verbatim, on every Node version
    expect(req?.body).toMatch(/"amount":5100\.00,/);
  });

  it('sends decimal amounts without float drift and integers as integers', async () => {
    fake = fakePaylican();
    const paywire = paywireWithFake(fake);
    for (const amount of ['0.10', '1234567890123.45', 250, '19.99'])
      await paywire.paylican.createPayment({ ...paymentInput(), amount });
    const tokens = fake.apiRequests.map((r) => /"amount":([^,]+),/.exec(r.body)?.[1]);
    expect(tokens).toEqual(['0.10', '1234567890123.45', '250', '19.99']);
  });

  it('keeps amounts beyond double precision exact (no float ever holds them)', () => {
    expect(stringifyJsonWithRawNumbers({ amount: paylicanAmountJson('12345678901234567.10') })).toBe(
      '{"amount":12345678901234567.10}',
    );
    expect(() => paylicanAmountJson('-1')).toThrowError(expect.objectContaining({ code: 'ERR_INPUT_INVALID' }));
  });

  it('refuses invalid input before any request', async () => {
    fake = fakePaylican();
    const paywire = paywireWithFake(fake);
    const bad: [string, Record<string, unknown>][] = [
      ['amount', { amount: 10.5 }],
      ['amount', { amount: '10.555' }],
      ['amount', { amount: '-1' }],
      ['amount', { amount: '0.00' }],
      ['amount', { amount: '1e3' }],
      ['redirectionUrl', { redirectionUrl: `https://shop.example.com/${'a'.repeat(876)}` }],
      ['redirectionUrl', { redirectionUrl: 'javascript:alert(1)' }],
      [
        'additionalFields',
        {
          additionalFields: [
            { code: 'a', value: '1' },
            { code: 'a', value: '2' },
          ],
        },
      ],
      ['additionalFields.0.code', { additionalFields: [{ code: '', value: '1' }] }],
      ['additionalFields.0.value', { additionalFields: [{ code: 'a', value: 1 }] }],
      ['merchantReference', { merchantReference: '' }],
    ];
    for (const [field, change] of bad) {
      const err = (await paywire.paylican
        .createPayment({ ...paymentInput(), ...change })
        .catch((e: unknown) => e)) as PaywireError;
      expect(err.code, JSON.stringify(change)).toBe('ERR_INPUT_INVALID');
      expect(err.field).toBe(field);
    }
    expect(`https://shop.example.com/${'a'.repeat(875)}`).toHaveLength(900);
    await paywire.paylican.createPayment({
      ...paymentInput(),
      redirectionUrl: `https://shop.example.com/${'a'.repeat(875)}`,
    });
    expect(fake.apiRequests).toHaveLength(1);
    expect(fake.tokenRequests).toHaveLength(1);
  });
});

describe('paylican paymentRedirectUrl and voidInvoice', () => {
  it('encodes each path segment, then the whole redirect_uri', () => {
    const url = paymentRedirectUrl(
      { keycloakUrl: 'https://sso.example.com/', paymentUrl: 'https://pay.example.com/' },
      { type: 'X Y', merchantReference: 'REF/1&a=b', invoiceId: 'INV#1+2' },
      { oidcParams: false },
    );
    expect(url).toBe(
      'https://sso.example.com/auth/realms/PGW/protocol/openid-connect/auth?client_id=invoice-system-client&redirect_uri=https%3A%2F%2Fpay.example.com%2Fapi%2Fv1%2Fpay%2FX%2520Y%2FREF%252F1%2526a%253Db%2FINV%25231%252B2',
    );
    const redirectUri = new URL(url).searchParams.get('redirect_uri') as string;
    expect(redirectUri.split('/').slice(-3).map(decodeURIComponent)).toEqual(['X Y', 'REF/1&a=b', 'INV#1+2']);
    const fromTokenUrl = paymentRedirectUrl(
      {
        keycloakUrl: 'https://sso.example.com/auth/realms/R2/protocol/openid-connect/token',
        paymentUrl: 'https://pay.example.com',
        clientId: 'payment_adapter_client',
      },
      { type: 'T', merchantReference: 'M', invoiceId: 'I' },
    );
    expect(fromTokenUrl).toBe(
      'https://sso.example.com/auth/realms/R2/protocol/openid-connect/auth?client_id=payment_adapter_client&redirect_uri=https%3A%2F%2Fpay.example.com%2Fapi%2Fv1%2Fpay%2FT%2FM%2FI&response_type=code&scope=openid',
    );
    expect(() =>
      paymentRedirectUrl(
        { keycloakUrl: 'https://a', paymentUrl: 'https://b' },
        { type: '', merchantReference: 'M', invoiceId: 'I' },
      ),
    ).toThrow(TypeError);
  });

  it('client.paymentRedirectUrl honours the per-call oidcParams option', () => {
    fake = fakePaylican();
    const paywire = paywireWithFake(fake);
    const target = { type: 'XYZ', merchantReference: 'REF-1234', invoiceId: 'XYZ2024-ade08' };
    expect(paywire.paylican.paymentRedirectUrl(target)).toMatch(/&response_type=code&scope=openid$/);
    expect(paywire.paylican.paymentRedirectUrl(target, { oidcParams: false })).not.toContain('response_type');
  });

  it('voidInvoice PATCHes {invoiceSystemUrl}/{invoiceId}/void with a bearer token and no body', async () => {
    fake = fakePaylican();
    const paywire = paywireWithFake(fake);
    await paywire.paylican.voidInvoice('XYZ2024/ade08');
    expect(fake.apiRequests).toEqual([
      {
        method: 'PATCH',
        path: `${new URL(INVOICES).pathname}/XYZ2024%2Fade08/void`,
        authorization: 'Bearer at-1',
        body: '',
      },
    ]);
    const err = await paywire.paylican.voidInvoice('').catch((e: unknown) => e);
    expect(isPaywireError(err, 'ERR_INPUT_INVALID')).toBe(true);
  });

  it('voidInvoice without invoiceSystemUrl fails with a clear ERR_CONFIG_INVALID', async () => {
    fake = fakePaylican();
    const paywire = paywireWithFake(fake, { overrides: { invoiceSystemUrl: undefined } });
    const err = (await paywire.paylican.voidInvoice('INV-1').catch((e: unknown) => e)) as PaywireError;
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toContain('invoiceSystemUrl');
    expect(fake.tokenRequests).toHaveLength(0);
  });
});
