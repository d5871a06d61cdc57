import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { readmeExamples, runReadmeExample } from '@paylinks/testing';
import pg from 'pg';
import ts from 'typescript';
import { expect, inject, it } from 'vitest';

// The ledger's READMEs as a new user meets them: the Ledger section of @paylinks/ledger's README runs
// as written (it needs an adapter and its simulator, which core's own tests may not import); every
// TypeScript example of @paylinks/postgres's README compiles under the repository's compiler options
// (strict, exactOptionalPropertyTypes), and its migrate example runs to its end as a deploy step.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const here = fileURLToPath(new URL('..', import.meta.url));
const ledgerReadme = readFileSync(join(root, 'packages/ledger/README.md'), 'utf8');
const postgresReadme = readFileSync(join(root, 'packages/postgres/README.md'), 'utf8');

it('runs the Ledger example of the ledger README', async () => {
  const example = readmeExamples(ledgerReadme, { section: '## Ledger' })[0];
  expect(example).toContain('createMemoryLedger');
  const logged = await runReadmeExample(example!);
  expect(logged).toEqual([
    [true, 1],
    [{ claimed: 1, applied: 1, unchanged: 0, refused: 0, foreign: 0, failed: 0 }],
    ['paid', 'inv-42', expect.stringMatching(/^ful_[0-9a-f]{32}$/)],
  ]);
});

/** Type errors of each example, compiled as a module of this package (so its imports resolve as a user's would). */
function typeErrors(examples: ReadonlyArray<string>): string[] {
  const dir = mkdtempSync(join(here, '.paylinks-readme-'));
  try {
    const files = examples.map((source, i) => {
      const file = join(dir, `example-${i}.ts`);
      writeFileSync(file, source);
      return file;
    });
    const base = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile);
    const { options } = ts.convertCompilerOptionsFromJson(base.config.compilerOptions, root);
    const program = ts.createProgram(files, {
      ...options,
      noEmit: true,
      declaration: false,
      declarationMap: false,
    });
    return ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file?.fileName.slice(dir.length) ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

it(
  'compiles every example of the postgres README and the core README Ledger section',
  { timeout: 120_000 },
  () => {
    const examples = [
      ...readmeExamples(postgresReadme),
      ...readmeExamples(ledgerReadme, { section: '## Ledger' }),
    ];
    expect(examples.length).toBeGreaterThanOrEqual(4);
    expect(typeErrors(examples)).toEqual([]);
  },
);

it(
  'runs the migrate example of the postgres README to its end: it ends its pool',
  { timeout: 120_000 },
  async () => {
    const example = readmeExamples(postgresReadme, { section: '## Migrate at deploy' })[0];
    expect(example).toContain('migrate(pool)');
    // A database of its own, so the example's default schema meets no other test.
    const admin = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
    const database = `readme_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${database}`);
    const dir = mkdtempSync(join(here, '.paylinks-readme-'));
    try {
      const module = ts.transpileModule(example!, {
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      writeFileSync(join(dir, 'example.mjs'), module);
      // After the example's last line nothing may hold the process open: an unref'd timer does not, and
      // fires only if something else (a pool left open keeps its idle connection for 10 s) still does.
      writeFileSync(
        join(dir, 'run.mjs'),
        `await import('./example.mjs');\nsetTimeout(() => { console.error('still open:', JSON.stringify(process.getActiveResourcesInfo())); process.exit(3); }, 5000).unref();\n`,
      );
      const url = new URL(inject('databaseUrl'));
      url.pathname = `/${database}`;
      const run = await promisify(execFile)(process.execPath, [join(dir, 'run.mjs')], {
        env: { ...process.env, PAYLINKS_DATABASE_URL: url.toString() },
        timeout: 100_000,
      }).catch((error: { stdout?: string; stderr?: string }) => error);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain("applied: [ '0001_ledger' ]");
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  },
);
