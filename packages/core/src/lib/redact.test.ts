import { describe, expect, it } from 'vitest';
import { createRedactor, redactUrl, registerOutgoingSecrets } from './redact.js';

describe('redaction', () => {
  it('masks sensitive keys and known secret values at any depth', () => {
    const redact = createRedactor(['super-secret-value']);
    const out = redact({
      password: 'p',
      nested: { apiKey: 'k', note: 'contains super-secret-value inside', list: ['super-secret-value'] },
      amount: 300,
      err: new Error('bad super-secret-value'),
    });
    expect(out).toEqual({
      password: '[REDACTED]',
      nested: { apiKey: '[REDACTED]', note: 'contains [REDACTED] inside', list: ['[REDACTED]'] },
      amount: 300,
      err: { name: 'Error', message: 'bad [REDACTED]', stack: expect.stringContaining('Error: bad [REDACTED]') },
    });
    expect(JSON.stringify(out)).not.toContain('super-secret-value');
  });

  it('masks a secret echoed URL-encoded, form-encoded or JSON-escaped, and never returns an unvisited deep subtree', () => {
    const redact = createRedactor(['pk+Secret/Value="1"']);
    expect(
      redact.text('at /create?secret=pk%2BSecret%2FValue%3D%221%22 and pk%2BSecret%2FValue%3D%221%22'),
    ).not.toContain('Secret');
    expect(redact.text('form pk%2BSecret%2FValue%3D%221%22')).toBe('form [REDACTED]');
    expect(redact.text('{"s":"pk+Secret/Value=\\"1\\""}')).toBe('{"s":"[REDACTED]"}');
    let deep: Record<string, unknown> = { password: 'p4ss', note: 'pk+Secret/Value="1"' };
    for (let i = 0; i < 12; i++) deep = { nested: deep };
    expect(JSON.stringify(redact(deep))).not.toMatch(/p4ss|Secret/);
  });

  it('masks a runtime secret in every echo form, a hex signature (one form) as much as one with symbols', () => {
    // the one-form shortcut holds because none of these characters changes under any of the three encodings
    const plain = 'abcxyzABCXYZ0189_.*-';
    expect([encodeURIComponent(plain), new URLSearchParams({ s: plain }).toString().slice(2)]).toEqual([plain, plain]);
    expect(JSON.stringify(plain)).toBe(`"${plain}"`);
    const redact = createRedactor([]);
    const hex = 'a1b2'.repeat(32);
    const symbols = 'tok+en/with="1"~';
    registerOutgoingSecrets(redact, { authorization: `Bearer ${symbols}` }, { signature: hex, amount: 300 });
    const echoed = `${hex} ${encodeURIComponent(symbols)} ${new URLSearchParams({ s: symbols }).toString().slice(2)}`;
    expect(redact.text(`${echoed} ${JSON.stringify(symbols)}`)).toBe('[REDACTED] [REDACTED] [REDACTED] "[REDACTED]"');
  });

  it('masks secret query parameters in URLs', () => {
    const redact = createRedactor([]);
    expect(redactUrl('https://api.example.test/v1/create?secret=abc&x=1', redact)).toBe(
      'https://api.example.test/v1/create?secret=%5BREDACTED%5D&x=1',
    );
  });
});
