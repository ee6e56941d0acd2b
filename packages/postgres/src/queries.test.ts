/** The statements' own helpers, without a database. */
import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { sqlLiteral } from './queries.js';

describe('sqlLiteral', () => {
  it("is pg's escapeLiteral (quotes, backslashes, JSON text of any value)", () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.constantFrom("'", '\\', '"', 'a', 'é', '\n') }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(text, (v) => sqlLiteral(v) === pg.escapeLiteral(v)),
      { numRuns: 2000 },
    );
  });

  it('examples', () => {
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral('{"a":"b\\"c"}')).toBe(` E'{"a":"b\\\\"c"}'`);
  });
});
