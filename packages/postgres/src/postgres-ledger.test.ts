import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { linkStatus } from '@paylinks/core';

// The contract suite is test code and not exported by core; it is shared by path.
import { describeLedgerContract } from '@paylinks/ledger/contract';

import { openTestDatabase, type TestDatabase } from './__tests__/test-database.js';
import { createPostgresLedger } from './postgres-ledger.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

describeLedgerContract('postgres', async () =>
  createPostgresLedger({ pool: db.pool, schema: await db.freshSchema() }),
);

describe('createPostgresLedger', () => {
  it('writes the status, the outbox row and the delivery key in one statement, with the database clock', async () => {
    const schema = await db.freshSchema();
    const ledger = createPostgresLedger({ pool: db.pool, schema });
    await ledger.observe(
      {
        provider: 'hsa-provider',
        linkId: 'plink_1',
        status: linkStatus('paid', 'paid'),
        body: { id: 'plink_1' },
      },
      { deliveryKey: 'hsa-provider:evt_1', fulfilForeign: true },
    );
    const { rows } = await db.pool.query(
      `SELECT l.status, l.final, f.status AS fulfilment, f.created_at = l.seen_at AS same_transaction,
              d.key, d.expires_at - d.received_at AS retention
       FROM ${schema}.links l JOIN ${schema}.fulfilments f USING (provider, link_id), ${schema}.deliveries d`,
    );
    expect(rows).toEqual([
      {
        status: 'paid',
        final: true,
        fulfilment: 'paid',
        same_transaction: true,
        key: 'hsa-provider:evt_1',
        retention: { days: 7 },
      },
    ]);
  });

  it('keeps paid against 200 concurrent observations from 10 connections', async () => {
    const ledger = createPostgresLedger({ pool: db.pool, schema: await db.freshSchema() });
    const statuses = [
      linkStatus('open', 'active'),
      linkStatus('paid', 'paid'),
      linkStatus('expired', 'expired'),
    ];
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        ledger.observe(
          { provider: 'p', linkId: 'l', status: statuses[i % 3]!, body: { i } },
          { fulfilForeign: true },
        ),
      ),
    );
    expect((await ledger.link('p', 'l'))?.status.unified).toBe('paid');
    expect(results.filter((r) => r.fulfilmentId?.length).length).toBeLessThanOrEqual(2);
    expect((await ledger.counts()).fulfilments.pending).toBe(results.filter((r) => r.fulfilmentId).length);
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => createPostgresLedger({ pool: db.pool, schema: 'x; DROP TABLE y' })).toThrow(/identifier/);
  });
});
