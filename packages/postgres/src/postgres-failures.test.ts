import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { linkStatus, PaymentLinkException } from '@paylinks/core';
import { createLedgerClient } from '@paylinks/ledger';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openTestDatabase, type TestDatabase } from './__tests__/test-database.js';
import { migrate } from './migrate.js';
import { createPostgresLedger } from './postgres-ledger.js';

// What the database does to the ledger: it is unreachable, it accepts and never answers, it holds a
// lock past every deadline, it ends a session in the middle of a fulfilment. Each is a typed,
// retryable error of the call, never a crash of the process and never a wait without end.

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

const key = { provider: 'costplus', scope: '', reference: 'inv-1' };
const claim = (owner: string) => ({
  ...key,
  idempotencyKey: `k-${owner}`,
  fingerprint: 'f',
  input: { reference: 'inv-1' },
  owner,
  leaseMs: 60_000,
});

/** The error a call failed with, as `{ tag, code, retryable, operation }`. */
async function failure(call: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof PaymentLinkException)) return { raw: String(error) };
    const e = error.error as unknown as Record<string, unknown>;
    return {
      tag: e['_tag'],
      code: e['code'],
      retryable: e['retryable'],
      ambiguous: e['ambiguous'],
      operation: e['operation'],
    };
  }
  return { tag: 'none' };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

describe('a database the ledger cannot use', () => {
  it('answers a refused connection with a retryable NetworkError, not a raw Error', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const pool = new pg.Pool({ connectionString: `postgres://u:secret-password@127.0.0.1:${port}/x` });
    try {
      const ledger = createPostgresLedger({ pool });
      expect(await failure(ledger.claimIntent(claim('a')))).toEqual({
        tag: 'NetworkError',
        code: 'ECONNREFUSED',
        retryable: true,
        ambiguous: false,
        operation: 'ledger.claimIntent',
      });
      const thrown = await ledger
        .observe({ provider: 'p', linkId: 'l', status: linkStatus('open', 'x'), body: {} })
        .catch((e: unknown) => e);
      expect(String(thrown)).not.toContain('secret-password');
      expect(JSON.stringify(thrown)).not.toContain('secret-password');
    } finally {
      await pool.end();
    }
  });

  it('answers a wrong password with a NetworkError that is not retryable and names no password', async () => {
    const url = new URL(db.url);
    url.password = 'wrong-password-123';
    const pool = new pg.Pool({ connectionString: url.toString() });
    try {
      const ledger = createPostgresLedger({ pool });
      expect(await failure(ledger.counts())).toEqual({
        tag: 'NetworkError',
        code: '28P01',
        retryable: false,
        ambiguous: false,
        operation: 'ledger.counts',
      });
      expect(JSON.stringify(await ledger.counts().catch((e: unknown) => e))).not.toContain(
        'wrong-password-123',
      );
    } finally {
      await pool.end();
    }
  });

  it('does not hang on a server that accepts connections and never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    const port = await listen(silent);
    const pool = new pg.Pool({ connectionString: `postgres://u:p@127.0.0.1:${port}/x` });
    try {
      const ledger = createPostgresLedger({ pool, timeouts: { connectMs: 300 } });
      const calls = [
        ledger.claimIntent(claim('a')),
        ledger.link('costplus', 'l1'),
        // observe (every webhook's and sync's write) once went through pool.query: no deadline at all.
        ledger.observe({ provider: 'costplus', linkId: 'l1', status: linkStatus('open', 'new'), body: {} }),
        ledger.completeFulfilment('ful_1', 'w', async () => undefined),
        migrate(pool, { schema: 'never', timeouts: { connectMs: 300 } }),
      ];
      for (const call of calls) {
        expect(await failure(call)).toMatchObject({
          tag: 'NetworkError',
          code: 'ETIMEDOUT',
          retryable: true,
        });
      }
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
      await pool.end().catch(() => undefined);
    }
  });

  it('ends a query held behind a lock at its deadline, and a transaction at its statement timeout', async () => {
    const schema = await db.freshSchema();
    const ledger = createPostgresLedger({
      pool: db.pool,
      schema,
      timeouts: { queryMs: 400, statementMs: 300 },
    });
    await ledger.claimIntent(claim('a'));
    const locker = await db.pool.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM ${schema}.intents FOR UPDATE`);
      // A single statement waits on the lock: the client-side deadline ends it.
      expect(await failure(ledger.flagIntent(key, 'a', 'look'))).toMatchObject({
        tag: 'NetworkError',
        code: 'ETIMEDOUT',
        retryable: true,
        ambiguous: true,
      });
      // In a transaction the server's statement_timeout ends it first (57014).
      const link = { provider: 'costplus', linkId: 'l1', status: linkStatus('open', 'new'), body: {} };
      expect(await failure(ledger.completeIntent(key, link))).toMatchObject({
        tag: 'NetworkError',
        code: '57014',
        retryable: true,
      });
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
    // The lock gone, the ledger works on. The single statement past its deadline may still have run
    // (a write whose answer is lost): the error says so, and every ledger write is safe to repeat.
    expect(['pending', 'needs_attention']).toContain((await ledger.intent(key))?.state);
    await ledger.flagIntent(key, 'a', 'look');
    expect((await ledger.intent(key))?.state).toBe('needs_attention');
  });
});

describe('a connection dropped while a fulfilment handler is inside its transaction', () => {
  // A paid link with an intent behind it, and its fulfilment claimed by worker `w`.
  async function paidFulfilment(pool: pg.Pool, schema: string, idleInTransactionMs?: number) {
    const ledger = createPostgresLedger({
      pool,
      schema,
      ...(idleInTransactionMs !== undefined ? { timeouts: { idleInTransactionMs } } : {}),
    });
    await ledger.claimIntent(claim('a'));
    await ledger.completeIntent(key, {
      provider: 'costplus',
      linkId: 'l1',
      status: linkStatus('paid', 'completed'),
      body: {},
    });
    return ledger;
  }

  it('idle_in_transaction_session_timeout: the worker gets a typed, retryable failure and goes on', async () => {
    const schema = await db.freshSchema();
    // The timeout set low on the pool and in the ledger's own transactions; the handler waits 2 s between two queries.
    const pool = new pg.Pool({ connectionString: db.url, max: 4, idle_in_transaction_session_timeout: 300 });
    try {
      const ledger = await paidFulfilment(pool, schema, 300);
      const errors: unknown[] = [];
      let slow = true;
      const worker = createLedgerClient({ ledger, links: {}, owner: 'w' }).fulfilments(
        async (_fulfilment, tx) => {
          await tx.query('SELECT 1');
          if (slow) await sleep(2000);
          await tx.query('SELECT 2');
        },
        { owner: 'w', retryDelayMs: () => 0, onError: (_f, error) => void errors.push(error) },
      );
      expect(await worker.runOnce()).toEqual({ claimed: 1, done: 0, failed: 1, lost: 0 });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(PaymentLinkException);
      expect((errors[0] as PaymentLinkException).error).toMatchObject({
        _tag: 'NetworkError',
        code: '25P03',
        retryable: true,
        operation: 'ledger.completeFulfilment',
      });
      slow = false;
      expect(await worker.runOnce()).toEqual({ claimed: 1, done: 1, failed: 0, lost: 0 });
      expect((await ledger.counts()).fulfilments).toEqual({ pending: 0, done: 1 });
    } finally {
      await pool.end();
    }
  });

  it('pg_terminate_backend: the same, and the broken connection is not returned to the pool', async () => {
    const schema = await db.freshSchema();
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    try {
      const ledger = await paidFulfilment(pool, schema);
      const errors: unknown[] = [];
      let terminate = true;
      const worker = createLedgerClient({ ledger, links: {}, owner: 'w' }).fulfilments(
        async (_fulfilment, tx) => {
          const { rows } = await tx.query('SELECT pg_backend_pid() AS pid');
          if (terminate) {
            await db.pool.query('SELECT pg_terminate_backend($1)', [rows[0]!['pid']]);
            await sleep(200);
          }
          await tx.query('SELECT 2');
        },
        { owner: 'w', retryDelayMs: () => 0, onError: (_f, error) => void errors.push(error) },
      );
      expect(await worker.runOnce()).toEqual({ claimed: 1, done: 0, failed: 1, lost: 0 });
      expect((errors[0] as PaymentLinkException).error).toMatchObject({
        _tag: 'NetworkError',
        code: '57P01',
        retryable: true,
      });
      terminate = false;
      // Every later call gets a live connection: the terminated one was destroyed, not pooled.
      for (let i = 0; i < 4; i += 1) await ledger.counts();
      expect(await worker.runOnce()).toEqual({ claimed: 1, done: 1, failed: 0, lost: 0 });
    } finally {
      await pool.end();
    }
  });
});

describe('schema names', () => {
  it('refuses system schemas and takes SQL keywords, quoted', async () => {
    for (const schema of [
      'pg_catalog',
      'pg_toast',
      'pg_temp_1',
      'information_schema',
      'Select',
      'x; DROP TABLE y',
      '',
      'a'.repeat(64),
    ]) {
      expect(() => createPostgresLedger({ pool: db.pool, schema }), schema).toThrow(/schema must be/);
      await expect(migrate(db.pool, { schema }), schema).rejects.toThrow(/schema must be/);
    }
    const schema = 'select';
    try {
      await migrate(db.pool, { schema });
      const ledger = createPostgresLedger({ pool: db.pool, schema });
      expect((await ledger.claimIntent(claim('a'))).kind).toBe('started');
      expect((await ledger.counts()).intents.pending).toBe(1);
    } finally {
      await db.pool.query('DROP SCHEMA IF EXISTS "select" CASCADE');
    }
  });
});
