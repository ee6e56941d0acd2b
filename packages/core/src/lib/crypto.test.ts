import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashHex, hmacKey, hmacSha512, prepareHmacKey } from './crypto.js';

const nodeHmac = (secret: string, message: string) =>
  createHmac('sha512', secret).update(message, 'utf8').digest('hex');

describe('hmacKey', () => {
  it('gives the MAC of the secret string itself, for any text and past the memo bound', () => {
    const secrets = ['s3cret', 'ключ-ñ-🔑', 'lone \ud800 surrogate', ...Array.from({ length: 40 }, (_, i) => `k-${i}`)];
    for (const secret of [...secrets, ...secrets]) {
      expect(hmacSha512(hmacKey(secret), 'message ✓').toString('hex'), secret).toBe(nodeHmac(secret, 'message ✓'));
    }
    expect(hmacKey('s3cret')).toBe(hmacKey('s3cret'));
    expect(typeof hmacKey('s3cret')).toBe('object'); // prepared: among the first 32 secrets seen
    expect(hmacKey('k-39')).toBe('k-39'); // past the bound: the string itself
  });
});

describe('hmacSha512 with a prepared key', () => {
  it("equals OpenSSL's HMAC (createHmac) for any secret and message: long keys, long messages, lone surrogates", () => {
    const text = fc.string({ unit: 'binary', maxLength: 300 });
    fc.assert(
      fc.property(
        fc.oneof(text, fc.string({ unit: 'binary', minLength: 120, maxLength: 400 })), // around the 128-byte block
        fc.oneof(text, fc.string({ unit: 'binary', minLength: 2040, maxLength: 2600 })), // around the scratch bound
        (secret, message) => {
          expect(hmacSha512(prepareHmacKey(secret), message).toString('hex')).toBe(nodeHmac(secret, message));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hashes a key longer than the 128-byte block first, and pads a shorter one', () => {
    for (const length of [0, 1, 64, 127, 128, 129, 200, 255, 256, 257, 1000]) {
      const secret = 'k'.repeat(length);
      expect(hmacSha512(prepareHmacKey(secret), 'message').toString('hex'), `${length}`).toBe(
        nodeHmac(secret, 'message'),
      );
    }
  });

  it('keeps each key apart when calls alternate (the padded blocks and the scratch buffer are reused)', () => {
    const a = prepareHmacKey('alternate-a');
    const b = prepareHmacKey('alternate-b');
    for (const message of ['x', 'a longer message ✓', 'x'.repeat(3000), '✓'.repeat(2048), '✓'.repeat(3000), '']) {
      expect(hmacSha512(a, message).toString('hex')).toBe(nodeHmac('alternate-a', message));
      expect(hmacSha512(b, message).toString('hex')).toBe(nodeHmac('alternate-b', message));
    }
  });
});

describe('hashHex', () => {
  it("equals OpenSSL's digest (createHash) for strings (as UTF-8, lone surrogates included) and bytes", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<('md5' | 'sha1' | 'sha256')[]>('md5', 'sha1', 'sha256'),
        fc.string({ unit: 'binary', maxLength: 200 }),
        (algorithm, text) => {
          expect(hashHex(algorithm, text)).toBe(createHash(algorithm).update(text, 'utf8').digest('hex'));
          const bytes = Buffer.from(text, 'utf8');
          expect(hashHex(algorithm, bytes)).toBe(createHash(algorithm).update(bytes).digest('hex'));
        },
      ),
      { numRuns: 200 },
    );
  });
});
