import { describe, expect, it } from 'vitest';
import { createRedactor, redactUrl } from './redact.js';

describe('redaction', () => {
  it('masks sensitive keys and known secret values at any depth', () => {
    const redact = createRedactor(['super-secret-value']);
    const out = redact({ password: 'p', nested: { apiKey: 'k', note: 'contains super-secret-value inside', list: ['super-secret-value'] }, amount: 300, err: new Error('bad super-secret-value') });
    expect(out).toEqual({ password: '[REDACTED]', nested: { apiKey: '[REDACTED]', note: 'contains [REDACTED] inside', list: ['[REDACTED]'] }, amount: 300, err: { name: 'Error', message: 'bad [REDACTED]' } });
  });

  it('masks secret query parameters in URLs', () => {
    const redact = createRedactor([]);
    expect(redactUrl('https://api.example.test/v1/create?secret=abc&x=1', redact)).toBe('https://api.example.test/v1/create?secret=%5BREDACTED%5D&x=1');
  });
});
