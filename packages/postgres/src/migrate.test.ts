import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { openTestDatabase, type TestDatabase } from './__tests__/test-database.js';
import { migrate, migrations } from './migrate.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

it('lists the shipped migrations in order', () => {
  expect(migrations().map((m) => [m.version, m.name])).toEqual([[1, 'ledger']]);
});

it('migrates once, from several processes at once, and then has nothing to do', async () => {
  const schema = `m_${Date.now().toString(36)}`;
  const runs = await Promise.all([1, 2, 3].map(() => migrate(db.pool, { schema })));
  expect(runs.map((r) => r.applied.length).sort()).toEqual([0, 0, 1]);
  expect(runs.find((r) => r.applied.length === 1)).toEqual({ schema, applied: ['0001_ledger'], version: 1 });
  expect(await migrate(db.pool, { schema })).toEqual({ schema, applied: [], version: 1 });
  const { rows } = await db.pool.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
    [schema],
  );
  expect(rows.map((r) => r['table_name'])).toEqual([
    'deliveries',
    'fulfilments',
    'intents',
    'links',
    'migrations',
  ]);
  await db.pool.query(`DROP SCHEMA ${schema} CASCADE`);
});

it('ships every migration in the package tarball', () => {
  // npm's file list is the one the registry gets; `files` in package.json must name migrations/.
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: packageDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as Array<{ files: Array<{ path: string }> }>;
  const files = packed[0]!.files.map((f) => f.path);
  for (const migration of migrations()) {
    expect(files).toContain(`migrations/${String(migration.version).padStart(4, '0')}_${migration.name}.sql`);
  }
  expect(files).toContain('README.md');
});
