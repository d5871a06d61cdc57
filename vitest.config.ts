import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
// Every package with sources is a project named after its folder: a package added under packages/
// (by `pnpm new-adapter` or by hand) runs without editing this file.
const packages = readdirSync(`${root}packages`, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`${root}packages/${entry.name}/src`))
  .map((entry) => entry.name)
  .sort();
// Projects whose tests need PostgreSQL: an embedded server is started for them (or PAYLINKS_TEST_DATABASE_URL).
const withPostgres = new Set(['postgres', 'cli', 'reliability']);
const postgresSetup = `${root}packages/postgres/src/__tests__/embedded-postgres-setup.ts`;

// Core's tests use @paylinks/testing through this alias without declaring it: the kit depends on
// core, and a declared devDependency back would make a package circle.
// Tests run against the TypeScript sources, never a stale dist/: every
// `@paylinks/<pkg>` and `@paylinks/<pkg>/<subpath>` import resolves to src.
const alias = [
  {
    find: /^@paylinks\/([a-z-]+)\/([a-z-]+)$/,
    replacement: `${root}packages/$1/src/$2/index.ts`,
  },
  { find: /^@paylinks\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
];

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    setupFiles: [`${root}scripts/vitest-setup.ts`],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        test: {
          name,
          root: `${root}packages/${name}`,
          include: ['src/**/*.test.ts'],
          ...(withPostgres.has(name) ? { globalSetup: [postgresSetup] } : {}),
        },
      })),
      // docs/adding-a-provider.md's complete example adapter, run against its tiny simulator.
      {
        extends: true as const,
        test: { name: 'docs', root: `${root}docs/examples`, include: ['**/*.test.ts'] },
      },
      // Cross-adapter suite (faults, webhooks, malformed answers, validation, secrets): see RELIABILITY.md.
      {
        extends: true as const,
        test: {
          name: 'reliability',
          root: `${root}tests/reliability`,
          include: ['src/**/*.test.ts'],
          globalSetup: [postgresSetup],
        },
      },
      // Repository layout: no import circles (scripts/layout-figures.mjs --circles).
      {
        extends: true as const,
        test: { name: 'layout', root: `${root}scripts`, include: ['*.test.ts'] },
      },
      // Webhook ingress in Express, Fastify, Hono and node:http against the three simulators.
      {
        extends: true as const,
        test: { name: 'ingress', root: `${root}tests/ingress`, include: ['src/**/*.test.ts'] },
      },
    ],
  },
});
