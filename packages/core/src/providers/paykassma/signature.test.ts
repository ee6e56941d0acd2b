import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testing } from '../../testing/index.js';
import { signPostback, verifyPostback } from './index.js';

// Known answers computed by PHP 8.2, not by paywire: see __fixtures__/make-postback-vectors.php
// (`php make-postback-vectors.php > postback-vectors.json`).
const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/postback-vectors.json', import.meta.url), 'utf8')) as {
  accessKey: string;
  privateKey: string;
  vectors: { name: string; body: string; hashed: string; signature: string; transactionCount: number }[];
};
const keys = { accessKey: fixture.accessKey, privateKey: fixture.privateKey };
const vector = (name: string) => {
  const v = fixture.vectors.find((x) => x.name === name);
  if (!v) throw new Error(`no vector ${name}`);
  return v;
};

// Where the member's bytes in the body are PHP's own signing encoding, the raw path matches; elsewhere only
// the PHP re-encoding can.
const expectedPath: Record<string, 'raw' | 'php'> = {
  'ascii-basic': 'raw',
  'non-ascii-label-and-urls': 'raw',
  'escaped-body-default-flags': 'php',
  'floats-controls-bigint': 'php',
  'three-transactions': 'raw',
  'pretty-printed-body': 'php',
  'empty-object-in-body': 'php',
};

describe('postback signature (PHP known answers)', () => {
  it.each(fixture.vectors.map((v) => [v.name, v] as const))('signPostback reproduces PHP for %s', (_name, v) => {
    expect(signPostback(v.hashed, keys)).toBe(v.signature);
  });

  it.each(fixture.vectors.map((v) => [v.name, v] as const))(
    'verifyPostback accepts %s through the expected path',
    (name, v) => {
      const verified = verifyPostback(v.body, keys);
      expect(verified.matchedBy).toBe(expectedPath[name]);
      expect(verified.postback.transactions).toHaveLength(v.transactionCount);
    },
  );

  it('accepts bytes as well as text (non-ASCII label, URLs with /)', () => {
    const v = vector('non-ascii-label-and-urls');
    expect(verifyPostback(new TextEncoder().encode(v.body), keys).postback.label).toBe('မောင်မောင်');
  });

  it('verifies escaped slashes (\\/) in the body only through the PHP re-encoding', () => {
    const v = vector('escaped-body-default-flags');
    expect(v.body).toContain('https:\\/\\/shop.example');
    expect(v.hashed).toContain('https://shop.example');
    expect(signPostback(v.body.slice(v.body.indexOf('"transactions":') + 15, -1), keys)).not.toBe(v.signature);
    expect(verifyPostback(v.body, keys).matchedBy).toBe('php');
  });

  it('refuses a tampered amount, a wrong access key and a wrong private key', () => {
    const v = vector('ascii-basic');
    const expectRefused = (body: string, k = keys) =>
      expect(() => verifyPostback(body, k)).toThrowError(
        expect.objectContaining({ code: 'ERR_SIGNATURE_INVALID', httpStatus: 401 }),
      );
    expectRefused(v.body.replace('"amount":500', '"amount":5000'));
    expectRefused(v.body.replace('"access_key":"pk_access_3f9a"', '"access_key":"pk_access_other"'));
    expectRefused(v.body, { ...keys, accessKey: 'pk_access_other' });
    expectRefused(v.body, { ...keys, privateKey: 'pk_private_wrong' });
    expectRefused(
      v.body.replace(
        v.signature,
        v.signature.replace(/^./, (c) => (c === '0' ? '1' : '0')),
      ),
    );
  });

  it('accepts an upper-case hex signature', () => {
    const v = vector('ascii-basic');
    expect(verifyPostback(v.body.replace(v.signature, v.signature.toUpperCase()), keys).matchedBy).toBe('raw');
  });

  it('hashes the configured member', () => {
    const d = testing.paykassma.postback(
      {
        transactions: [{ amount: 1 }],
        extra: {
          data: { ids: [1, 2], url: 'https://a.example/b', transactions: [{ transaction_id: '1', amount: 1 }] },
        },
      },
      { ...keys, hashedMember: 'data' },
    );
    expect(verifyPostback(d.body, { ...keys, hashedMember: 'data' }).matchedBy).toBe('raw');
    expect(() => verifyPostback(d.body, keys)).toThrowError(expect.objectContaining({ code: 'ERR_SIGNATURE_INVALID' }));
    // pinned to a legacy scheme, a body without the member is malformed; under auto only the flat scheme is left to try
    expect(() =>
      verifyPostback(d.body, { ...keys, hashedMember: 'missing', signatureScheme: 'transactions' }),
    ).toThrowError(expect.objectContaining({ code: 'ERR_PAYLOAD_INVALID' }));
    expect(() => verifyPostback(d.body, { ...keys, hashedMember: 'missing' })).toThrowError(
      expect.objectContaining({ code: 'ERR_SIGNATURE_INVALID' }),
    );
  });

  it('the testing kit writes the hashed member as PHP would, so the raw path matches', () => {
    const d = testing.paykassma.postback({ transactions: [{ amount: 6000.5, note: 'ユーザー/55 "q"' }] }, keys);
    expect(d.body).toContain('"note":"ユーザー/55 \\"q\\""');
    expect(verifyPostback(d.body, keys).matchedBy).toBe('raw');
  });
});
