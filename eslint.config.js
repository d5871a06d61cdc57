import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', '.bench/**'] },
  ...tseslint.configs.recommended,
  importX.flatConfigs.typescript,
  {
    files: ['**/*.ts'],
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: './tsconfig.test.json', alwaysTryTypes: true }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Core is what an application installs: no other paylinks package, no test runner.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/__tests__/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vitest', message: 'core ships no test runner (the kit is @paylinks/testing).' }],
          patterns: [{ group: ['@paylinks/*'], message: 'core depends on no other paylinks package.' }],
        },
      ],
    },
  },
  {
    // Core's tests use the test kit, and nothing else of the workspace.
    files: ['packages/core/src/**/*.test.ts', 'packages/core/src/**/__tests__/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@paylinks/*', '!@paylinks/testing'],
              message: 'core tests use @paylinks/testing and nothing else of the workspace.',
            },
          ],
        },
      ],
    },
  },
  {
    // The router and the ledger build on core's two entries; neither loads a test runner or the test kit,
    // and the ledger's contract suite (which needs vitest) stays at @paylinks/ledger/contract.
    files: ['packages/router/src/**/*.ts', 'packages/ledger/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/__tests__/**', 'packages/ledger/src/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vitest', message: 'test runner code goes in tests or in @paylinks/ledger/contract.' },
          ],
          patterns: [
            {
              group: ['@paylinks/*', '!@paylinks/core', '!@paylinks/core/adapter'],
              message: 'router and ledger build on @paylinks/core and @paylinks/core/adapter only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The simulator kit ships inside adapters (their simulators build on it): no test runner outside
    // the conformance suite and the assertions, and nothing but core.
    files: ['packages/testing/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'packages/testing/src/conformance/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vitest', message: 'the kit root ships in adapters; vitest is for /conformance.' }],
          patterns: [
            {
              group: ['@paylinks/*', '!@paylinks/core', '!@paylinks/core/adapter'],
              message: 'the test kit builds on @paylinks/core only.',
            },
          ],
        },
      ],
    },
  },
  {
    // An adapter is built from @paylinks/core/adapter alone (docs/adding-a-provider.md); the
    // application API stays free to change without touching adapters. Tests may use both.
    files: [
      'packages/costplus/src/**/*.ts',
      'packages/conomy/src/**/*.ts',
      'packages/hsa-provider/src/**/*.ts',
      'docs/examples/tinypay/tinypay-provider.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@paylinks/core',
              message: 'adapters import from @paylinks/core/adapter (and @paylinks/testing in simulators).',
            },
          ],
        },
      ],
    },
  },
);
