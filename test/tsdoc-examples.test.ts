/**
 * Every TSDoc `@example` in the packages' sources compiles: each ```ts block under an `@example` tag of
 * packages/&#42;/src (tests, __fixtures__ and __test-support__ aside) is its own ES module beside the file it
 * documents, type-checked with the repository's strict settings; `@paywire/*` imports resolve to the packages'
 * public entry points (`@paywire/source`), internal ones (`./ledger.js`) to the module. test/tsdoc/prelude.d.ts
 * declares what snippets take from the app around them (`paywire`, `app`, `rawBody` …). A failure names the
 * source file and line.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkTsdocExamples, sourceFiles, tsdocExamples } from './support/tsdoc-examples.js';

const prelude = readFileSync(fileURLToPath(new URL('./tsdoc/prelude.d.ts', import.meta.url)), 'utf8');

describe('TSDoc @example blocks', () => {
  it('every ```ts block under an @example compiles', () => {
    const examples = checkTsdocExamples(prelude);
    expect(examples.length).toBeGreaterThan(150);
    expect(examples.flatMap((e) => e.errors)).toEqual([]);
    // every public package is covered
    const packages = new Set(examples.map((e) => e.file.split('/')[1]));
    expect([...packages].sort()).toEqual(['core', 'express', 'fastify', 'nestjs', 'postgres', 'redis', 'sandbox']);
    // issue #11: the error family's example (narrowing by code to ProviderApiError) is among them
    const narrowing = examples.find((e) => e.file === 'packages/core/src/errors.ts' && e.code.includes('err.status'));
    expect(narrowing?.errors).toEqual([]);
  }, 120_000);

  it('finds the examples and only those: tests, fixtures and test support aside', () => {
    const files = sourceFiles();
    expect(files).toContain('packages/core/src/errors.ts');
    expect(files).toContain('packages/nestjs/src/decorators/on-payment-paid.decorator.ts');
    expect(files.filter((f) => /\.test\.ts$|\/__\w+__\//.test(f))).toEqual([]);
    const text = [
      '/**',
      ' * Not an example: ```ts fences outside @example are prose.',
      ' * ```ts',
      ' * nope(',
      ' * ```',
      ' * @example',
      ' * ```ts',
      ' * const a = 1',
      ' *   const b = 2',
      ' * ```',
      ' * @example',
      ' *   ```typescript',
      ' *   const c = 3',
      ' *   ```',
      ' * @returns nothing',
      ' */',
      'export const x = 1;',
    ].join('\n');
    expect(tsdocExamples('f.ts', text)).toEqual([
      { file: 'f.ts', line: 8, code: 'const a = 1\n  const b = 2\n' },
      { file: 'f.ts', line: 13, code: 'const c = 3\n' },
    ]);
  });

  it('fails on a broken example, naming its file and line', () => {
    // a source file the checker has never seen (in memory only), beside real ones so its imports resolve
    const file = 'packages/nestjs/src/tsdoc-probe.ts';
    const text = [
      /* 1 */ '/**',
      /* 2 */ ' * Doubles a number.',
      /* 3 */ ' * @example',
      /* 4 */ ' * ```ts',
      /* 5 */ " * import { double } from './tsdoc-probe.js'",
      /* 6 */ ' * const n: string = double(2)',
      /* 7 */ ' * ```',
      /* 8 */ ' * @example',
      /* 9 */ ' * ```ts',
      /* 10 */ " * paywire.on('payment.paid', (e) => orders.markPaid(e.paymentId))",
      /* 11 */ ' * ```',
      /* 12 */ ' * @example',
      /* 13 */ ' * ```ts',
      /* 14 */ " * import { OnPaymentPaid } from '@paywire/nestjs'",
      /* 15 */ ' * @OnPaymentPaid() onPaid() {}',
      /* 16 */ ' * ```',
      /* 17 */ ' * @example',
      /* 18 */ ' * ```ts',
      /* 19 */ ' * await markShipped(event)',
      /* 20 */ ' * ```',
      /* 21 */ ' * @example double(2) // 4, with no fence',
      /* 22 */ ' */',
      /* 23 */ 'export const double = (n: number): number => n * 2;',
    ].join('\n');
    const examples = checkTsdocExamples(prelude, { [file]: text });
    const errors = examples.flatMap((e) => e.errors);
    expect(examples.map((e) => [e.line, e.errors.length > 0])).toEqual([
      [5, true],
      [10, false], // the prelude's `paywire` and `orders`: compiles
      [14, true],
      [19, true],
      [21, true],
    ]);
    expect(errors).toContain(`${file}:6: TS2322 Type 'number' is not assignable to type 'string'.`);
    expect(errors.some((e) => e.startsWith(`${file}:15: TS1146 `))).toBe(true); // a decorator outside a class
    expect(errors).toContain(`${file}:19: TS2304 Cannot find name 'markShipped'.`);
    expect(errors).toContain(`${file}:21: @example without a \`\`\`ts block`);
  }, 120_000);
});
