import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

import { createLedgerClient, fromProvider } from '@paylinks/core';
import { costplus } from '@paylinks/costplus';
import { startCostplusSimulator, type CostplusSimulator } from '@paylinks/costplus/simulator';
import { createPostgresLedger } from '@paylinks/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { cli } from './__tests__/capture-io.js';

// The ledger commands against the test PostgreSQL (an embedded server, or PAYLINKS_TEST_DATABASE_URL).
let url: string;
let pool: pg.Pool;
let sim: CostplusSimulator;
const schema = `cli_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  url = inject('databaseUrl');
  pool = new pg.Pool({ connectionString: url, max: 2 });
  sim = await startCostplusSimulator({ apiKey: 'canary-ledger-costplus-key-31c' });
});
afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
  await sim.close();
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
    });
    expect((await paylinks.ledger.link('costplus', link.id))?.status.unified).toBe('paid');
    const text = await cli(['sync', '--schema', schema, '--stale-after-ms', '0'], { env });
    expect(text.stdout).toMatch(/^links re-fetched: 0 /);
    expect(text.stdout + text.stderr).not.toContain('canary-ledger-costplus-key-31c');
  });
});
