import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

import { fromProvider } from '@paylinks/core';
import { createLedgerClient } from '@paylinks/ledger';
import { costplus } from '@paylinks/costplus';
import { startCostplusSimulator, type CostplusSimulator } from '@paylinks/costplus/simulator';
import { hsaProvider } from '@paylinks/hsa-provider';
import { startHsaSimulator, type HsaSimulator } from '@paylinks/hsa-provider/simulator';
import { createPostgresLedger } from '@paylinks/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { cli } from './__tests__/capture-io.js';

// The ledger commands against the test PostgreSQL (an embedded server, or PAYLINKS_TEST_DATABASE_URL).
let url: string;
let pool: pg.Pool;
let sim: CostplusSimulator;
let hsa: HsaSimulator;
const schema = `cli_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  url = inject('databaseUrl');
  pool = new pg.Pool({ connectionString: url, max: 2 });
  sim = await startCostplusSimulator({ apiKey: 'canary-ledger-costplus-key-31c' });
  hsa = await startHsaSimulator({ apiKey: 'canary-ledger-hsa-key-8d2a' });
});
afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
  await sim.close();
  await hsa.close();
});

describe('paylinks ledger migrate', () => {
  it('needs PAYLINKS_DATABASE_URL', async () => {
    const run = await cli(['ledger', 'migrate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/PAYLINKS_DATABASE_URL is not set/);
  });

  it('migrates once, then has nothing to do, and never prints the password', async () => {
    const env = { PAYLINKS_DATABASE_URL: url };
    const first = await cli(['ledger', 'migrate', '--schema', schema], { env });
    expect(first).toEqual({
      code: 0,
      stdout: `applied 0001_ledger (schema ${schema}, version 1)\n`,
      stderr: '',
    });
    const again = await cli(['ledger', 'migrate', '--schema', schema, '--json'], { env });
    expect(JSON.parse(again.stdout)).toEqual({ schema, applied: [], version: 1 });
    const bad = await cli(['ledger', 'migrate', '--schema', 'Bad-Name'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/lower-case SQL identifier/);
    expect((await cli(['ledger', 'rollback'], { env })).stderr).toMatch(/unknown ledger command "rollback"/);
  });

  it('says the database cannot be reached (exit 4), without the password', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const secret = 'canary-db-password-9f1e';
    const run = await cli(['ledger', 'migrate'], {
      env: { PAYLINKS_DATABASE_URL: `postgres://u:${secret}@127.0.0.1:${port}/db` },
    });
    expect(run.code).toBe(4);
    expect(run.stderr).toBe('error: cannot reach the database (ECONNREFUSED)\n');
  });
});

describe('paylinks sync', () => {
  it('re-fetches the stale links of the configured provider into the ledger', async () => {
    await cli(['ledger', 'migrate', '--schema', schema], { env: { PAYLINKS_DATABASE_URL: url } });
    const links = fromProvider(costplus(sim.adapterSettings() as { apiKey: string }));
    const paylinks = createLedgerClient({
      ledger: createPostgresLedger({ pool, schema }),
      links: { costplus: links },
    });
    const link = await paylinks.create('costplus', {
      reference: 'cli-sync-1',
      amount: { amount: 995, currency: 'EUR' },
      successUrl: 'https://shop.example/thanks',
    });
    await sim.checkout(link.url as string, 'success'); // paid, and no webhook URL: only sync can tell
    const env = {
      PAYLINKS_DATABASE_URL: url,
      PAYLINKS_PROVIDER: 'costplus',
      PAYLINKS_COSTPLUS_API_KEY: 'canary-ledger-costplus-key-31c',
      PAYLINKS_COSTPLUS_BASE_URL: sim.baseUrl,
    };
    const run = await cli(['sync', '--schema', schema, '--stale-after-ms', '0', '--json'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      intents: { recovered: 0, flagged: 0, failed: 0 },
      links: { claimed: 1, applied: 1, unchanged: 0, refused: 0, foreign: 0, failed: 0 },
      purgedDeliveries: 0,
      providers: ['costplus'],
    });
    expect((await paylinks.ledger.link('costplus', link.id))?.status.unified).toBe('paid');
    const text = await cli(['sync', '--schema', schema, '--stale-after-ms', '0'], { env });
    expect(text.stdout).toMatch(/^links re-fetched: 0 /);
    expect(text.stdout + text.stderr).not.toContain('canary-ledger-costplus-key-31c');
  });

  // Issue 20, finding 12: one run syncs every configured provider, as the library does.
  it('re-fetches the stale links of every configured provider in one run', async () => {
    const multi = `cli_multi_${randomBytes(4).toString('hex')}`;
    await cli(['ledger', 'migrate', '--schema', multi], { env: { PAYLINKS_DATABASE_URL: url } });
    const paylinks = createLedgerClient({
      ledger: createPostgresLedger({ pool, schema: multi }),
      links: {
        costplus: fromProvider(costplus(sim.adapterSettings() as { apiKey: string })),
        'hsa-provider': fromProvider(hsaProvider(hsa.adapterSettings())),
      },
    });
    const paid = [];
    for (const [provider, currency] of [
      ['costplus', 'EUR'],
      ['hsa-provider', 'USD'],
    ] as const) {
      const link = await paylinks.create(provider, {
        reference: `cli-multi-${provider}`,
        amount: { amount: 995, currency },
        description: 'Invoice for the multi-provider sync',
        successUrl: 'https://shop.example/thanks',
      });
      expect(
        (await (provider === 'costplus' ? sim : hsa).checkout(link.url as string, 'success')).status,
      ).toBeLessThan(400);
      paid.push([provider, link.id] as const);
    }
    const env = {
      PAYLINKS_DATABASE_URL: url,
      PAYLINKS_PROVIDER: 'costplus',
      PAYLINKS_COSTPLUS_API_KEY: 'canary-ledger-costplus-key-31c',
      PAYLINKS_COSTPLUS_BASE_URL: sim.baseUrl,
      PAYLINKS_HSA_PROVIDER_API_KEY: 'canary-ledger-hsa-key-8d2a',
      PAYLINKS_HSA_PROVIDER_BASE_URL: hsa.baseUrl,
    };
    const run = await cli(['sync', '--schema', multi, '--stale-after-ms', '0', '--json'], { env });
    await pool.query(`DROP SCHEMA IF EXISTS ${multi} CASCADE`);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      links: { claimed: 2, applied: 2, failed: 0 },
      providers: ['costplus', 'hsa-provider'],
    });
    expect(run.stdout).not.toContain('canary-ledger');
  });

  it('with --provider, syncs that provider only', async () => {
    const env = {
      PAYLINKS_DATABASE_URL: url,
      PAYLINKS_COSTPLUS_API_KEY: 'canary-ledger-costplus-key-31c',
      PAYLINKS_COSTPLUS_BASE_URL: sim.baseUrl,
      PAYLINKS_HSA_PROVIDER_API_KEY: 'canary-ledger-hsa-key-8d2a',
      PAYLINKS_HSA_PROVIDER_BASE_URL: hsa.baseUrl,
    };
    const only = await cli(['sync', '--schema', schema, '--provider', 'hsa-provider'], { env });
    expect(only.code).toBe(0);
    expect(only.stdout).toMatch(/\nproviders: hsa-provider\n$/);
    // No default provider: every configured one.
    const all = await cli(['sync', '--schema', schema], { env });
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/\nproviders: costplus, hsa-provider\n$/);
  });

  it('refuses a configured provider whose settings are incomplete, naming it (exit 2)', async () => {
    const run = await cli(['sync', '--schema', schema], {
      env: {
        PAYLINKS_DATABASE_URL: url,
        PAYLINKS_COSTPLUS_API_KEY: 'canary-ledger-costplus-key-31c',
        PAYLINKS_CONOMY_BASE_URL: 'http://127.0.0.1:9/',
      },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: invalid configuration: conomy\./);
  });
});

// Issue 20, finding 12: a database that refuses the credentials is a configuration error (exit 2),
// never exit 1 ("not paid"); a short password is not redacted out of ordinary words.
describe('database failures and short passwords', () => {
  const withPassword = (password: string, database = 'postgres') => {
    const parsed = new URL(url);
    parsed.password = password;
    parsed.pathname = `/${database}`;
    return parsed.toString();
  };

  it('a wrong password exits 2 and names PAYLINKS_DATABASE_URL, without the password', async () => {
    const secret = 'canary-wrong-db-password-5b';
    for (const command of [['ledger', 'migrate'], ['sync']]) {
      const run = await cli(command, {
        env: {
          PAYLINKS_DATABASE_URL: withPassword(secret),
          PAYLINKS_COSTPLUS_API_KEY: 'canary-ledger-costplus-key-31c',
          PAYLINKS_COSTPLUS_BASE_URL: sim.baseUrl,
        },
      });
      expect(run.stderr).toMatch(/refused the user or password in PAYLINKS_DATABASE_URL \(SQLSTATE 28/);
      expect(run.code).toBe(2);
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });

  it('a database that does not exist exits 2', async () => {
    const run = await cli(['ledger', 'migrate'], {
      env: { PAYLINKS_DATABASE_URL: withPassword(new URL(url).password, 'no_such_database_3f') },
    });
    expect(run.stderr).toMatch(/does not exist \(SQLSTATE 3D000\)/);
    expect(run.code).toBe(2);
  });

  it('a short password such as "config" leaves paylinks.config.json readable in messages', async () => {
    const run = await cli(['sync'], {
      env: { PAYLINKS_DATABASE_URL: 'postgres://paylinks:config@127.0.0.1:9/db' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('paylinks.config.json');
    expect(run.stderr).not.toContain('[redacted]');
  });
});
