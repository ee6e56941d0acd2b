// ESLint (flat config): typescript-eslint with type information over every TypeScript file of the workspace.
// `pnpm lint` runs it and Prettier's check; both are part of `pnpm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'test-output/**',
      '**/.readme-check/**',
      'test/nest-starter/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
      // Global declarations the README checker compiles with each snippet; outside tsconfig.json on purpose.
      'test/readme/prelude.d.ts',
      'test/tsdoc/prelude.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Handlers and tests deliberately pass async functions where a callback's result is ignored.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // Store and adapter methods implement Promise-returning interfaces; some need no await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  {
    // Tests poke at untyped JSON answers on purpose.
    files: ['**/*.test.ts', '**/__fixtures__/**', '**/__test-support__/**', 'test/**', 'bench/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
