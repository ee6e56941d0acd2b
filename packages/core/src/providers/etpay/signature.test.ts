import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { isValidRut, peekNotification, sessionRedirectUrl, signNotification, verifyNotificationJwt } from './index.js';

/** A JWT built by hand with node:crypto (no JWT library): base64url(header).base64url(payload).HMAC. */
function handMadeJwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  key: string,
  hash: 'sha256' | 'sha384' | 'sha512' = 'sha256',
): string {
  const b64url = (buf: Buffer) => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const input = `${b64url(Buffer.from(JSON.stringify(header)))}.${b64url(Buffer.from(JSON.stringify(claims)))}`;
  return `${input}.${b64url(createHmac(hash, key).update(input).digest())}`;
}

const key = 'sig-token-0123456789abcdef';
const claims = { session_token: 'sess1', payment_status: 'success', payment_token: 'pay1' };
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string }) => e.code,
  );

describe('etpay notification JWT', () => {
  it('verifies a token made by python3 with hmac + base64 only (fixture, see make_python_jwt.py)', async () => {
    const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/python-hs256.json', import.meta.url), 'utf8')) as {
      jwt: string;
      signatureToken: string;
      claims: Record<string, unknown>;
    };
    expect(peekNotification(fixture.jwt)).toEqual({ alg: 'HS256', sessionToken: 'pySession0001' });
    const verified = await verifyNotificationJwt(fixture.jwt, { signatureToken: fixture.signatureToken });
    expect(verified).toEqual(fixture.claims);
    await expect(
      codeOf(verifyNotificationJwt(fixture.jwt, { signatureToken: `${fixture.signatureToken}x` })),
    ).resolves.toBe('ERR_SIGNATURE_INVALID');
  });

  it('verifies HS256, HS384 and HS512 tokens made with node:crypto', async () => {
    for (const [alg, hash] of [
      ['HS256', 'sha256'],
      ['HS384', 'sha384'],
      ['HS512', 'sha512'],
    ] as const) {
      const jwt = handMadeJwt({ alg, typ: 'JWT' }, claims, key, hash);
      await expect(verifyNotificationJwt(jwt, { signatureToken: key }), alg).resolves.toMatchObject(claims);
    }
  });

  it('refuses a changed payload, a changed signature and another key with ERR_SIGNATURE_INVALID', async () => {
    const jwt = handMadeJwt({ alg: 'HS256' }, claims, key);
    const [h, , s] = jwt.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, payment_status: 'success', payment_token: 'pay2' })).toString('base64url')}.${s}`;
    await expect(codeOf(verifyNotificationJwt(forged, { signatureToken: key }))).resolves.toBe('ERR_SIGNATURE_INVALID');
    const flipped = jwt.slice(0, -2) + (jwt.at(-2) === 'A' ? 'B' : 'A') + jwt.at(-1);
    await expect(codeOf(verifyNotificationJwt(flipped, { signatureToken: key }))).resolves.toBe(
      'ERR_SIGNATURE_INVALID',
    );
    await expect(codeOf(verifyNotificationJwt(jwt, { signatureToken: 'another-session-token' }))).resolves.toBe(
      'ERR_SIGNATURE_INVALID',
    );
  });

  it('refuses alg none (any spelling), a missing alg and asymmetric algorithms with ERR_TOKEN_ALGORITHM', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const alg of ['none', 'None', 'NONE']) {
      const jwt = `${b64({ alg })}.${b64(claims)}.`;
      expect(() => peekNotification(jwt), alg).toThrowError(expect.objectContaining({ code: 'ERR_TOKEN_ALGORITHM' }));
      await expect(codeOf(verifyNotificationJwt(jwt, { signatureToken: key })), alg).resolves.toBe(
        'ERR_TOKEN_ALGORITHM',
      );
    }
    expect(() => peekNotification(`${b64({ typ: 'JWT' })}.${b64(claims)}.x`)).toThrowError(
      expect.objectContaining({ code: 'ERR_TOKEN_ALGORITHM' }),
    );
    const { privateKey } = await generateKeyPair('RS256');
    const rs256 = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    await expect(codeOf(verifyNotificationJwt(rs256, { signatureToken: key }))).resolves.toBe('ERR_TOKEN_ALGORITHM');
    // Algorithm confusion: an RS256/ES256 header over an HMAC made with the (guessable) key.
    for (const alg of ['RS256', 'ES256', 'PS256', 'EdDSA']) {
      await expect(
        codeOf(verifyNotificationJwt(handMadeJwt({ alg }, claims, key), { signatureToken: key })),
        alg,
      ).resolves.toBe('ERR_TOKEN_ALGORITHM');
    }
  });

  it('honours exp and nbf with the clock tolerance, against the given current date', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const t = now.getTime() / 1000;
    const verify = (extra: Record<string, number>, clockToleranceSec?: number) =>
      codeOf(
        verifyNotificationJwt(handMadeJwt({ alg: 'HS256' }, { ...claims, ...extra }, key), {
          signatureToken: key,
          currentDate: now,
          clockToleranceSec,
        }),
      );
    await expect(verify({ exp: t + 60 })).resolves.toBe('resolved');
    await expect(verify({ exp: t - 10 })).resolves.toBe('resolved'); // within the default 30 s
    await expect(verify({ exp: t - 31 })).resolves.toBe('ERR_TOKEN_EXPIRED');
    await expect(verify({ exp: t - 10 }, 0)).resolves.toBe('ERR_TOKEN_EXPIRED');
    await expect(verify({ nbf: t + 10 })).resolves.toBe('resolved');
    await expect(verify({ nbf: t + 120 })).resolves.toBe('ERR_TOKEN_EXPIRED');
  });

  it('refuses malformed tokens and missing claims with ERR_PAYLOAD_INVALID', async () => {
    for (const jwt of ['', 'not-a-jwt', 'a.b.c', '%%%.%%%.%%%']) {
      await expect(codeOf(verifyNotificationJwt(jwt, { signatureToken: key })), jwt).resolves.toBe(
        'ERR_PAYLOAD_INVALID',
      );
    }
    const noSession = handMadeJwt({ alg: 'HS256' }, { payment_status: 'success' }, key);
    expect(() => peekNotification(noSession)).toThrowError(expect.objectContaining({ code: 'ERR_PAYLOAD_INVALID' }));
    const noStatus = handMadeJwt({ alg: 'HS256' }, { session_token: 's' }, key);
    await expect(verifyNotificationJwt(noStatus, { signatureToken: key })).rejects.toMatchObject({
      code: 'ERR_PAYLOAD_INVALID',
      message: expect.stringContaining('payment_status'),
    });
  });

  it('signNotification makes tokens the verifier accepts and refuses non-HMAC algorithms', async () => {
    const jwt = await signNotification(claims, { signatureToken: key, alg: 'HS512' });
    expect(peekNotification(jwt).alg).toBe('HS512');
    await expect(verifyNotificationJwt(jwt, { signatureToken: key })).resolves.toMatchObject(claims);
    await expect(signNotification(claims, { signatureToken: key, alg: 'RS256' as never })).rejects.toBeInstanceOf(
      TypeError,
    );
    await expect(signNotification(claims, { signatureToken: '' })).rejects.toBeInstanceOf(TypeError);
  });
});

describe('the synchronous HMAC check accepts exactly what jose.jwtVerify accepts', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const t = now.getTime() / 1000;
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const time = fc.oneof(
    fc.constant(undefined),
    fc.integer({ min: -40, max: 40 }).map((d) => t + d),
    fc.double({ min: t - 40, max: t + 40, noNaN: true }),
    fc.constantFrom('1', null, true, [t]),
  );
  const header = fc.record(
    {
      alg: fc.constantFrom('HS256', 'HS384', 'HS512'),
      typ: fc.constantFrom('JWT', 'jwt', 'x'),
      crit: fc.constantFrom(['b64'], ['exp'], [], 'b64', [''], ['b64', 'b64']),
      b64: fc.constantFrom(true, false, 'no'),
      kid: fc.string({ maxLength: 5 }),
    },
    { requiredKeys: ['alg'] },
  );
  const signature = fc.constantFrom(
    'right',
    'other key',
    'truncated',
    'appended',
    'padded',
    'standard base64',
    'space',
    'bad char',
    'empty',
  );
  const hashOf = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;

  it('on the exp / nbf boundaries, whatever the tolerance and the milliseconds of the current date', async () => {
    for (const date of [now, new Date(now.getTime() + 999)])
      for (const tolerance of [0, 30])
        for (const claim of ['exp', 'nbf'] as const)
          for (const delta of [-1, -0.5, 0, 0.5, 1]) {
            const at = t + (claim === 'exp' ? -tolerance : tolerance) + delta;
            const jwt = handMadeJwt({ alg: 'HS256' }, { ...claims, [claim]: at }, key);
            const options = { signatureToken: key, currentDate: date, clockToleranceSec: tolerance };
            const ours = await codeOf(verifyNotificationJwt(jwt, options));
            const jose = await jwtVerify(jwt, new TextEncoder().encode(key), {
              clockTolerance: tolerance,
              currentDate: date,
            }).then(
              () => 'resolved',
              () => 'refused',
            );
            expect(ours === 'resolved' ? ours : 'refused', `${claim} ${delta} ${tolerance}`).toBe(jose);
          }
  });

  it('for random headers, time claims, tolerances and signatures: the same verdict and the same claims', async () => {
    await fc.assert(
      fc.asyncProperty(
        header,
        fc.record({ iat: time, nbf: time, exp: time }),
        signature,
        fc.constantFrom(undefined, 0, 30, -1, Number.NaN),
        async (h, times, how, clockToleranceSec) => {
          const body = { ...claims, ...Object.fromEntries(Object.entries(times).filter(([, v]) => v !== undefined)) };
          const input = `${b64(h)}.${b64(body)}`;
          const mac = (k: string) => createHmac(hashOf[h.alg], k).update(input).digest().toString('base64url');
          const sig = {
            right: mac(key),
            'other key': mac(`${key}x`),
            truncated: mac(key).slice(0, -2),
            appended: `${mac(key)}AA`,
            padded: `${mac(key)}=`,
            'standard base64': mac(key).replace(/-/g, '+').replace(/_/g, '/'),
            space: `${mac(key).slice(0, 4)} ${mac(key).slice(4)}`,
            'bad char': `${mac(key).slice(0, -1)}!`,
            empty: '',
          }[how];
          const jwt = `${input}.${sig}`;
          const options = { signatureToken: key, currentDate: now, clockToleranceSec };
          const ours = await verifyNotificationJwt(jwt, options).then(
            (c) => ({ ok: true, claims: c }),
            () => ({ ok: false }),
          );
          const jose = await jwtVerify(jwt, new TextEncoder().encode(key), {
            algorithms: ['HS256', 'HS384', 'HS512'],
            clockTolerance: clockToleranceSec ?? 30,
            currentDate: now,
          }).then(
            (r) => ({ ok: true, claims: r.payload }),
            () => ({ ok: false }),
          );
          expect(ours, jwt).toEqual(jose);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('etpay helpers', () => {
  it('builds the redirect URL with the token encoded', () => {
    expect(sessionRedirectUrl('tok_123', { pmtUrl: 'https://pmt-sandbox.etpay.com/' })).toBe(
      'https://pmt-sandbox.etpay.com/session/tok_123',
    );
    expect(sessionRedirectUrl('a/b?c', { pmtUrl: 'https://pmt.test' })).toBe('https://pmt.test/session/a%2Fb%3Fc');
    expect(() => sessionRedirectUrl('', { pmtUrl: 'https://pmt.test' })).toThrow(TypeError);
  });

  it('checks RUT check digits', () => {
    for (const ok of [
      '11.111.111-1',
      '11111111-1',
      '12.345.678-5',
      '123456785',
      '7.654.321-6',
      '10.000.013-K',
      '10000013-k',
      '10000004-0',
    ])
      expect(isValidRut(ok), ok).toBe(true);
    for (const bad of ['11.111.111-2', '12345678-K', 'abc', '', '12.345.678-', '1.2.3-4', ' 11111111-1'])
      expect(isValidRut(bad), bad).toBe(false);
  });
});
