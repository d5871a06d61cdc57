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
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@paylinks/*'], message: 'core depends on no adapter.' }] },
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
              message: 'adapters import from @paylinks/core/adapter (or /testing in simulators).',
            },
          ],
        },
      ],
    },
  },
);
