import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJsonKeepingNumberText, phpJsonEncode, phpJsonEncodeValue } from './index.js';

// Known answers computed by PHP 8.2. They stay beside the command that made them, with Paykassma's other PHP
// vectors: providers/paykassma/__fixtures__/make-php-encodings.php (and its README's "Fixtures" section).
const fixtures = new URL('../../providers/paykassma/__fixtures__/', import.meta.url);
const fixture = JSON.parse(readFileSync(new URL('php-encodings.json', fixtures), 'utf8')) as {
  string: [string, string];
  decoded: [string, string][];
  floats: [string, string][];
};

const fromBits = (hex: string): number => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
};

describe('phpJsonEncode (known answers from PHP json_encode)', () => {
  it('escapes strings exactly as PHP does with unescaped slashes and unicode', () => {
    const [value, php] = fixture.string;
    expect(phpJsonEncodeValue(value)).toBe(php);
    expect(php).toContain('/é€𝄞\\u2028\\u2029');
    expect(php).toContain('\\u001f');
  });

  it.each(fixture.decoded)('re-encodes %s like json_encode(json_decode(…, true))', (json, php) => {
    expect(phpJsonEncode(parseJsonKeepingNumberText(json))).toBe(php);
  });

  it(`writes ${fixture.floats.length} doubles (special and random) as PHP floats`, () => {
    const wrong = fixture.floats.filter(
      ([hex, php]) =>
        phpJsonEncode({ kind: 'array', items: [{ kind: 'number', token: fromBits(hex).toExponential() }] }) !==
        `[${php}]`,
    );
    expect(wrong).toEqual([]);
  });

  it('refuses what PHP could not have encoded', () => {
    expect(phpJsonEncode(parseJsonKeepingNumberText('["\\ud800"]'))).toBeUndefined();
    expect(phpJsonEncode(parseJsonKeepingNumberText('[1e400]'))).toBeUndefined();
  });

  it('keeps integer tokens beyond 2^53 exactly (PHP integers), unlike JSON.parse', () => {
    expect(phpJsonEncode(parseJsonKeepingNumberText('{"id":9007199254740993}'))).toBe('{"id":9007199254740993}');
    expect(JSON.stringify(JSON.parse('{"id":9007199254740993}'))).toBe('{"id":9007199254740992}');
  });

  it('rejects text that is not JSON with ERR_PAYLOAD_INVALID', () => {
    expect(() => phpJsonEncode(parseJsonKeepingNumberText('{"a":'))).toThrowError(
      expect.objectContaining({ code: 'ERR_PAYLOAD_INVALID' }),
    );
  });
});
