import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  signCallback,
  signCancelPayment,
  signRefundPayment,
  signStartPayment,
  signStartQrPayment,
  signatureMatches,
  verifyCallback,
} from './index.js';

// Known answers computed with openssl (see "_produced_by" in the fixture), never with our code.
const kat = JSON.parse(readFileSync(new URL('./__fixtures__/signatures.json', import.meta.url), 'utf8'));
const options = { secret: kat.secret as string };

describe('waylet signatures (known answers from openssl)', () => {
  it('signs start, start/qr, cancel, refund and callback exactly', () => {
    expect(signStartPayment(kat.startPayment.fields, options)).toBe(kat.startPayment.hex);
    expect(signStartQrPayment(kat.startQrPayment.fields, options)).toBe(kat.startQrPayment.hex);
    expect(signCancelPayment(kat.cancelPayment.fields, options)).toBe(kat.cancelPayment.hex);
    expect(signRefundPayment(kat.refundPayment.fields, options)).toBe(kat.refundPayment.hex);
    expect(signCallback(kat.callback.fields, options)).toBe(kat.callback.hex);
    expect(signCallback(kat.callback.fields, { ...options, encoding: 'base64' })).toBe(kat.callback.base64);
  });

  it('verifies a callback whose signature was made by openssl, in either hex case', () => {
    const body = JSON.stringify({ ...kat.callback.fields, signature: kat.callback.hex });
    expect(verifyCallback(body, options).callback.status).toBe('PAID');
    const upper = JSON.stringify({ ...kat.callback.fields, signature: String(kat.callback.hex).toUpperCase() });
    expect(verifyCallback(upper, options).amountText).toBe('300');
    const b64 = JSON.stringify({ ...kat.callback.fields, signature: kat.callback.base64 });
    expect(verifyCallback(b64, { ...options, encoding: 'base64' }).callback.paymentId).toBe('202305248569');
  });

  it('refuses a wrong secret, a truncated or non-hex signature', () => {
    const body = (signature: string) => JSON.stringify({ ...kat.callback.fields, signature });
    expect(() => verifyCallback(body(kat.callback.hex), { secret: 'another-secret' })).toThrow(
      /signature does not match/,
    );
    expect(() => verifyCallback(body(String(kat.callback.hex).slice(0, 126)), options)).toThrow(
      /signature does not match/,
    );
    expect(() => verifyCallback(body('zz'.repeat(64)), options)).toThrow(/signature does not match/);
    expect(signatureMatches('ab', 'ab', 'hex')).toBe(true);
    expect(signatureMatches('ab', 'abab', 'hex')).toBe(false);
  });

  it('refuses a body that is not a callback with ERR_PAYLOAD_INVALID', () => {
    expect(() => verifyCallback('[1,2]', options)).toThrowError(
      expect.objectContaining({ code: 'ERR_PAYLOAD_INVALID' }),
    );
    expect(() => verifyCallback('not json', options)).toThrowError(
      expect.objectContaining({ code: 'ERR_PAYLOAD_INVALID' }),
    );
    expect(() => signCallback(kat.callback.fields, { secret: '' })).toThrow(TypeError);
  });
});
