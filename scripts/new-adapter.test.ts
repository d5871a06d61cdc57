// `pnpm new-adapter`: refuses bad ids, and generates a package that type-checks and is registered,
// into a scratch copy of the files it reads and edits (the real workspace is never written).
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// @ts-expect-error: a plain .mjs script, without declarations
import { idProblem, main, spellings } from './new-adapter.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const quiet = { log: () => undefined, error: () => undefined };
let scratch = '';

/** The files the script reads and edits, copied into a scratch root. */
function scratchRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'paylinks-new-adapter-'));
  const copy = (path: string) => cpSync(join(repo, path), join(root, path), { recursive: true });
  for (const path of ['tsconfig.json', 'tsconfig.test.json', 'tsconfig.base.json', '.prettierrc.json'])
    copy(path);
  for (const path of ['src', 'package.json', 'tsconfig.json']) copy(`packages/costplus/${path}`);
  for (const path of ['src/registry.ts', 'package.json', 'tsconfig.json']) copy(`packages/cli/${path}`);
  return root;
}

describe('pnpm new-adapter', () => {
  beforeAll(() => {
    scratch = scratchRoot();
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('refuses a missing, malformed, reserved or existing id before writing anything', () => {
    for (const bad of [
      '',
      'Bad',
      'ab',
      '-pay',
      'pay-',
      'acme--pay',
      'acme_pay',
      '../etc',
      '__proto__',
      'ﬁnpay',
    ])
      expect(idProblem(bad, scratch), bad).toMatch(/^(an adapter id is required|bad adapter id)/);
    for (const reserved of ['core', 'constructor', 'prototype'])
      expect(idProblem(reserved, scratch)).toMatch(/reserved/);
    expect(idProblem('costplus', scratch)).toBe('packages/costplus already exists');
    expect(main(['a b', '--root', scratch, '--no-install'], quiet)).toBe(1);
    expect(readdirSync(join(scratch, 'packages')).sort()).toEqual(['cli', 'costplus']);
  });

  it('spells an id as identifiers', () => {
    expect(spellings('acme-pay', 'Acme Pay')).toEqual({
      id: 'acme-pay',
      camel: 'acmePay',
      pascal: 'AcmePay',
      upper: 'ACME_PAY',
      display: 'Acme Pay',
    });
  });

  it('creates the package in the adapters layout, registers it, and the result type-checks', async () => {
    expect(main(['acme-pay', '--name', 'Acme Pay', '--root', scratch, '--no-install'], quiet)).toBe(0);
    const src = join(scratch, 'packages/acme-pay/src');
    expect(readdirSync(src)).toEqual(
      expect.arrayContaining([
        ...['provider', 'settings', 'options', 'api', 'error', 'webhook'].map((n) => `acme-pay-${n}.ts`),
        'map-acme-pay-status.ts',
        'acme-pay-conformance.test.ts',
        'surface.test.ts',
        'index.ts',
      ]),
    );
    expect(readdirSync(join(src, 'simulator'))).toEqual(
      expect.arrayContaining([
        'acme-pay-simulator.ts',
        'acme-pay-descriptor.ts',
        ...['checkout', 'context', 'errors', 'routes', 'state', 'validate', 'wire'].map((n) => `sim-${n}.ts`),
      ]),
    );
    expect(readFileSync(join(src, 'acme-pay-provider-id.ts'), 'utf8')).toContain(
      "export const acmePayProviderId = 'acme-pay';",
    );
    const registry = readFileSync(join(scratch, 'packages/cli/src/registry.ts'), 'utf8');
    expect(registry).toContain("import { acmePayDescriptor } from '@paylinks/acme-pay/simulator';");
    expect(registry).toMatch(/\n {2}acmePayDescriptor,\n {2}\/\/ new-adapter:/);
    const json = (path: string) => JSON.parse(readFileSync(join(scratch, path), 'utf8'));
    expect(json('packages/acme-pay/package.json').name).toBe('@paylinks/acme-pay');
    expect(json('packages/cli/package.json').dependencies['@paylinks/acme-pay']).toBe('workspace:^');
    expect(json('packages/cli/tsconfig.json').references).toContainEqual({ path: '../acme-pay' });
    expect(json('tsconfig.json').references).toContainEqual({ path: 'packages/acme-pay' });
    expect(json('tsconfig.test.json').compilerOptions.paths['@paylinks/acme-pay/*']).toEqual([
      './packages/acme-pay/src/*/index.ts',
    ]);
    expect(main(['acme-pay', '--root', scratch, '--no-install'], quiet)).toBe(1);

    // The generated sources and tests type-check against this workspace's packages.
    symlinkSync(join(repo, 'node_modules'), join(scratch, 'node_modules'));
    symlinkSync(
      join(repo, 'packages/costplus/node_modules'),
      join(scratch, 'packages/acme-pay/node_modules'),
    );
    writeFileSync(
      join(scratch, 'tsconfig.check.json'),
      JSON.stringify({
        extends: './tsconfig.base.json',
        compilerOptions: { noEmit: true, declaration: false, declarationMap: false },
        include: ['packages/acme-pay/src/**/*.ts'],
      }),
    );
    const tsc = join(repo, 'node_modules/typescript/bin/tsc');
    const run = await promisify(execFile)(process.execPath, [
      tsc,
      '-p',
      join(scratch, 'tsconfig.check.json'),
    ]).catch((error: { stdout?: string; code?: number }) => ({
      stdout: error.stdout ?? '',
      code: error.code,
    }));
    expect(run.stdout).toBe('');
  }, 120_000);
});
