import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { acceptedClaims, decodeJsonObjectSegment } from './hmac-jwt.js';

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('decodeJsonObjectSegment decodes only what jose decodes, to the same value', () => {
  const bytes = fc.oneof(
    fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 })).map(json),
    fc.jsonValue({ maxDepth: 1 }).map(json),
    fc.constantFrom(
      json({ alg: 'HS256' }),
      Uint8Array.from([0xef, 0xbb, 0xbf, ...json({ bom: true })]),
      Uint8Array.from([...new TextEncoder().encode('{"a":"'), 0xff, 0x22, 0x7d]), // invalid UTF-8 in a string
      new TextEncoder().encode(' {"spaced" : [1, 2] } '),
      new TextEncoder().encode('{"__proto__":{"x":1}}'),
      new Uint8Array(0),
    ),
    fc.uint8Array({ maxLength: 12 }),
  );
  const segment = fc
    .tuple(bytes, fc.constantFrom('plain', 'padded', 'standard', 'space', 'cut', 'bad'))
    .map(([raw, how]) => {
      const s = b64url(raw);
      return {
        plain: s,
        padded: Buffer.from(raw).toString('base64'),
        standard: s.replace(/-/g, '+').replace(/_/g, '/'),
        space: `${s.slice(0, 2)} ${s.slice(2)}`,
        cut: s.slice(0, -1),
        bad: `${s}!`,
      }[how];
    });

  it('for random bytes and spellings (1,000 runs)', () => {
    fc.assert(
      fc.property(segment, (seg) => {
        const ours = decodeJsonObjectSegment(seg);
        if (ours === undefined) return;
        const asPayload = decodeJwt(`e30.${seg}.x`);
        const asHeader = decodeProtectedHeader(`${seg}.e30.x`);
        expect(JSON.stringify(ours)).toBe(JSON.stringify(asPayload));
        expect(ours).toEqual(asPayload);
        expect(ours).toEqual(asHeader);
      }),
      { numRuns: 1000 },
    );
  });

  it('decodes the usual segments and leaves the rest to jose', () => {
    expect(decodeJsonObjectSegment(b64url(json({ alg: 'HS256', typ: 'JWT' })))).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decodeJsonObjectSegment(b64url(Uint8Array.from([0xef, 0xbb, 0xbf, ...json({ b: 1 })])))).toEqual({ b: 1 });
    for (const seg of ['', 'e30=', 'W10', 'MQ', '%%%', 'e3 0'])
      expect(decodeJsonObjectSegment(seg), seg).toBeUndefined();
  });
});

describe('acceptedClaims', () => {
  it('leaves a token signed with an empty key to jose (which refuses empty HMAC keys)', () => {
    const header = { alg: 'HS256' as const, typ: 'JWT' };
    const payload = { session_token: 's-1', payment_status: 'success' };
    const input = `${b64url(json(header))}.${b64url(json(payload))}`;
    const sign = (key: string) => createHmac('sha256', key).update(input).digest('base64url');
    const peeked = { alg: 'HS256' as const, header, payload };
    // the same token shape is accepted with a real key, so the refusal below is the empty key's alone
    expect(acceptedClaims(`${input}.${sign('k')}`, peeked, { signatureToken: 'k' })).toEqual(payload);
    expect(acceptedClaims(`${input}.${sign('')}`, peeked, { signatureToken: '' })).toBeUndefined();
  });
});
