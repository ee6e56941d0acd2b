import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacKey, hmacSha512 } from './crypto.js';

describe('hmacKey', () => {
  it('gives the MAC of the secret string itself, for any text and past the memo bound', () => {
    const secrets = ['s3cret', 'ключ-ñ-🔑', 'lone \ud800 surrogate', ...Array.from({ length: 40 }, (_, i) => `k-${i}`)];
    for (const secret of [...secrets, ...secrets]) {
      const expected = createHmac('sha512', secret).update('message ✓', 'utf8').digest('hex');
      expect(hmacSha512(hmacKey(secret), 'message ✓').toString('hex'), secret).toBe(expected);
    }
    expect(hmacKey('s3cret')).toBe(hmacKey('s3cret'));
  });
});
