import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runCli, type CliIo } from '@paylinks/cli';
import { startCostplusSimulator, type CostplusSimulator } from '@paylinks/costplus/simulator';
import { startHsaSimulator, type HsaSimulator } from '@paylinks/hsa-provider/simulator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { recordResult, Tally } from './support/results.js';

// Issue 20, finding 12, as a new user meets the CLI: a short database password or API key never
// mangles ordinary words (`paylinks.config.json`), a database that refuses the credentials is a
// configuration error (exit 2) and one that cannot be reached a network failure (exit 4), never 1
// ("not paid"); `sync` covers every configured provider.

async function cli(argv: ReadonlyArray<string>, env: Record<string, string>, cwd?: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env,
    cwd: cwd ?? mkdtempSync(join(tmpdir(), 'paylinks-newuser-')),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** Secrets shorter than 8 characters that are also parts of words the CLI prints. */
const shortSecrets = [
  'config',
  'json',
  'link',
  'sync',
  'abc',
  'cost',
  'PAYLINK',
  'DATABAS',
  'provide',
  'paid',
];
const longSecret = 'canary-new-user-password-7c1d';

let url: string;
let closedPort: number;
let sim: CostplusSimulator;
let hsa: HsaSimulator;
const figures = { cases: new Tally(), mangled: 0, leaked: 0, wrongExit: 0 };

beforeAll(async () => {
  url = inject('databaseUrl');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  sim = await startCostplusSimulator();
  hsa = await startHsaSimulator();
});
afterAll(async () => {
  await sim?.close();
  await hsa?.close();
  recordResult({
    section: 'cli-new-user',
    subject: 'cli',
    figures: {
      cases: figures.cases.toJSON(),
      total: figures.cases.total(),
      mangled: figures.mangled,
      leaked: figures.leaked,
      wrongExit: figures.wrongExit,
    },
  });
});

const withPassword = (base: string, password: string, database?: string) => {
  const parsed = new URL(base);
  parsed.password = password;
  if (database !== undefined) parsed.pathname = `/${database}`;
  return parsed.toString();
};

describe('short secrets never mangle what the CLI prints', () => {
  // Each scenario fails before reaching the database or the provider, with a message that names
  // paylinks.config.json, PAYLINKS_PROVIDER, sync... : the short-password run must print exactly
  // what the long-password run prints.
  const scenarios: ReadonlyArray<{
    name: string;
    argv: string[];
    env: (password: string) => Record<string, string>;
  }> = [
    {
      name: 'sync without a provider',
      argv: ['sync'],
      env: (password) => ({
        PAYLINKS_DATABASE_URL: `postgres://paylinks:${password}@127.0.0.1:${closedPort}/db`,
      }),
    },
    {
      name: 'migrate against a closed port',
      argv: ['ledger', 'migrate'],
      env: (password) => ({
        PAYLINKS_DATABASE_URL: `postgres://paylinks:${password}@127.0.0.1:${closedPort}/db`,
      }),
    },
    {
      name: 'get with an incomplete provider configuration',
      argv: ['get', 'plink_1', '--provider', 'conomy'],
      env: (password) => ({ PAYLINKS_CONOMY_API_KEY: password }),
    },
    {
      name: 'sync --help',
      argv: ['sync', '--help'],
      env: (password) => ({ PAYLINKS_COSTPLUS_API_KEY: password }),
    },
  ];
  it.each(shortSecrets.flatMap((secret) => scenarios.map((s) => [s.name, secret, s] as const)))(
    '%s with the secret %j prints what it prints with a long secret',
    async (_name, secret, scenario) => {
      figures.cases.add('short-secret');
      const short = await cli(scenario.argv, scenario.env(secret));
      const long = await cli(scenario.argv, scenario.env(longSecret));
      if (short.stdout + short.stderr !== long.stdout + long.stderr) figures.mangled += 1;
      expect(short).toEqual(long);
      expect(long.stdout + long.stderr).not.toContain(longSecret);
    },
  );
});

describe('database failures have the documented exit codes', () => {
  it.each([
    ['a wrong password', 2, /refused the user or password/, () => withPassword(url, longSecret)],
    [
      'a database that does not exist',
      2,
      /does not exist/,
      () => withPassword(url, new URL(url).password, 'no_such_db_91'),
    ],
    [
      'a closed port',
      4,
      /cannot reach the database/,
      () => `postgres://paylinks:${longSecret}@127.0.0.1:${closedPort}/db`,
    ],
  ] as const)('%s: ledger migrate and sync exit %i', async (_name, exit, message, database) => {
    for (const argv of [['ledger', 'migrate'], ['sync']]) {
      figures.cases.add('database-exit');
      const run = await cli(argv, {
        PAYLINKS_DATABASE_URL: database(),
        PAYLINKS_PROVIDER: 'costplus',
        PAYLINKS_COSTPLUS_API_KEY: (sim.adapterSettings() as { apiKey: string }).apiKey,
        PAYLINKS_COSTPLUS_BASE_URL: sim.baseUrl,
      });
      if (run.code !== exit) figures.wrongExit += 1;
      if ((run.stdout + run.stderr).includes(longSecret)) figures.leaked += 1;
      expect(run.code).toBe(exit);
      expect(run.stderr).toMatch(message);
      expect(run.stdout + run.stderr).not.toContain(longSecret);
    }
  });
});

describe('prototype names as providers', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    '--provider %j, PAYLINKS_PROVIDER and "provider" in the config file are refused (exit 2)',
    async (name) => {
      const dir = mkdtempSync(join(tmpdir(), 'paylinks-newuser-'));
      writeFileSync(join(dir, 'paylinks.config.json'), JSON.stringify({ provider: name }));
      for (const [argv, env, cwd] of [
        [['get', 'plink_1', '--provider', name], {}, undefined],
        [['get', 'plink_1'], { PAYLINKS_PROVIDER: name }, undefined],
        [['get', 'plink_1'], {}, dir],
      ] as const) {
        figures.cases.add('prototype-provider');
        const run = await cli(argv, env, cwd);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/must be one of costplus, conomy, hsa-provider/);
      }
    },
  );
});

describe('sync covers every configured provider', () => {
  it('one run names costplus and hsa-provider, configured by environment only', async () => {
    const schema = `newuser_${process.pid}_${Date.now() % 100_000}`;
    const env = {
      PAYLINKS_DATABASE_URL: url,
      PAYLINKS_COSTPLUS_API_KEY: (sim.adapterSettings() as { apiKey: string }).apiKey,
      PAYLINKS_COSTPLUS_BASE_URL: sim.baseUrl,
      PAYLINKS_HSA_PROVIDER_API_KEY: hsa.apiKey,
      PAYLINKS_HSA_PROVIDER_BASE_URL: hsa.baseUrl,
    };
    expect((await cli(['ledger', 'migrate', '--schema', schema], env)).code).toBe(0);
    figures.cases.add('sync-every-provider');
    const run = await cli(['sync', '--schema', schema, '--json'], env);
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ providers: ['costplus', 'hsa-provider'] });
  });
});
