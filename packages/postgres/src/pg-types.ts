import { PaymentLinkException } from '@paylinks/core';
import { networkError, validationError } from '@paylinks/core/adapter';

/**
 * The part of a `pg` client this package uses. A `pg.Pool`, `pg.Client`
 * and `pg.PoolClient` all fit, so the package needs no types of its own
 * from `pg` and works with the version the platform already has.
 */
export interface PgQueryable {
  query(
    text: string,
    values?: ReadonlyArray<unknown>,
  ): Promise<{ readonly rows: Array<Record<string, unknown>> }>;
}

/**
 * A connection checked out of a pool; `release` returns it (or destroys it
 * when given an error). While the ledger holds one it listens to its
 * `'error'` event, so a connection the server drops (a restart,
 * `pg_terminate_backend`, `idle_in_transaction_session_timeout`) fails the
 * call instead of the process.
 */
export interface PgPoolClient extends PgQueryable {
  release(error?: Error | boolean): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

/** A `pg.Pool`: the platform creates it, sizes it and ends it; this package only borrows connections. */
export interface PgPool extends PgQueryable {
  connect(): Promise<PgPoolClient>;
  /** `pg.Pool` emits `'error'` for an idle connection the server dropped; the ledger adds a listener. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
}

/** The default schema of the ledger's tables. */
export const defaultSchema = 'paylinks';

/**
 * A schema name for the ledger, refused unless it is a lower-case SQL
 * identifier (letters, digits, `_`, at most 63) that is not a system schema
 * (`pg_*`, `information_schema`). It is always written quoted, so a name
 * that is also an SQL keyword (`select`, `user`) is a schema like any other.
 * Answers the quoted form, for SQL text.
 */
export function checkSchema(schema: string): string {
  const system = typeof schema === 'string' && (schema.startsWith('pg_') || schema === 'information_schema');
  if (typeof schema !== 'string' || !/^[a-z_][a-z0-9_]{0,62}$/.test(schema) || system) {
    throw new PaymentLinkException(
      validationErrorOf(
        'schema',
        `schema must be a lower-case SQL identifier (letters, digits, _; at most 63) and not a system schema (pg_*, information_schema), got ${JSON.stringify(String(schema).slice(0, 80))}`,
      ),
    );
  }
  return `"${schema}"`;
}

const validationErrorOf = (field: string, message: string) =>
  validationError({ operation: 'ledger.configure', field, message });

/**
 * How long the ledger waits for PostgreSQL, in milliseconds. A database
 * that accepts connections and never answers must not hang a call: each
 * limit ends the wait with a retryable `NetworkError` (see
 * {@link ledgerFailure}).
 */
export interface PgTimeouts {
  /** Getting a connection from the pool (default 10 s). Also set `connectionTimeoutMillis` on your pool. */
  readonly connectMs?: number;
  /** Server-side `statement_timeout` of every statement in the ledger's transactions, the fulfilment handler's included (default 30 s). */
  readonly statementMs?: number;
  /** Client-side deadline of each ledger query; on expiry the connection is destroyed (default 35 s). */
  readonly queryMs?: number;
  /**
   * Server-side `idle_in_transaction_session_timeout` of the ledger's
   * transactions (default 60 s): a fulfilment handler that waits longer
   * between two `tx.query` calls loses its transaction (retried later).
   */
  readonly idleInTransactionMs?: number;
}

/** The defaults of {@link PgTimeouts}. */
export const defaultPgTimeouts: Required<PgTimeouts> = {
  connectMs: 10_000,
  statementMs: 30_000,
  queryMs: 35_000,
  idleInTransactionMs: 60_000,
};

/** Timeouts with defaults filled in and each checked (a positive integer of milliseconds). */
export function pgTimeouts(given: PgTimeouts = {}): Required<PgTimeouts> {
  const out = { ...defaultPgTimeouts };
  for (const [name, value] of Object.entries(given)) {
    if (!Object.hasOwn(defaultPgTimeouts, name)) {
      throw new PaymentLinkException(
        validationErrorOf(
          `timeouts.${name}`,
          `unknown timeout ${JSON.stringify(name)}; known: ${Object.keys(defaultPgTimeouts).join(', ')}`,
        ),
      );
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 3_600_000) {
      throw new PaymentLinkException(
        validationErrorOf(
          `timeouts.${name}`,
          `timeouts.${name} must be an integer from 1 to 3600000 (ms), got ${String(value)}`,
        ),
      );
    }
    out[name as keyof PgTimeouts] = value;
  }
  return out;
}

// SQLSTATE classes no retry can fix: data exceptions (22), a refused login (28: wrong password or
// role), a database that does not exist (3D). An operator must act; the call is still typed.
const permanentClasses = new Set(['22', '28', '3D']);

/**
 * A driver failure as the ledger reports it: a `PaymentLinkException`
 * holding a `NetworkError` with `operation` `ledger.<method>`, the
 * driver's code (`ECONNREFUSED`, `ETIMEDOUT`, a SQLSTATE such as `57P01`)
 * and `retryable: true` except for a refused login (28), a missing
 * database (3D) and refused data (22) (every ledger write is safe to repeat: keys and
 * conditional upserts make a repeat a no-op), so a web route answers 503 and
 * the provider delivers again. Never holds the connection string or a
 * password. An exception that already is a `PaymentLinkException` is kept.
 */
export function ledgerFailure(operation: string, error: unknown): Error {
  if (error instanceof PaymentLinkException) return error;
  const raw = error as { code?: unknown; message?: unknown; sent?: unknown } | undefined;
  const code = typeof raw?.code === 'string' ? raw.code : undefined;
  const message = typeof raw?.message === 'string' ? raw.message : String(error);
  const retryable = code === undefined || !permanentClasses.has(code.slice(0, 2));
  return new PaymentLinkException(
    networkError({
      operation: `ledger.${operation}`,
      // A statement past its client-side deadline may still run to its end on the server.
      ambiguous: raw?.sent === true,
      retryable,
      message: `ledger database failed${code !== undefined ? ` (${code})` : ''}: ${redactConnection(message).slice(0, 300)}`,
      ...(code !== undefined ? { code } : {}),
    }),
  );
}

// A driver message never carries a URL today; if one ever does, its credentials go.
function redactConnection(message: string): string {
  return message.replace(/postgres(?:ql)?:\/\/[^\s@/]*@/gi, 'postgres://[redacted]@');
}

/** A deadline: rejects with `ETIMEDOUT` after `ms` unless `work` settles first; `onExpiry` cleans up. */
async function within<A>(
  work: Promise<A>,
  ms: number,
  what: string,
  onExpiry: (late: Promise<A>) => void,
  sent = true,
): Promise<A> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onExpiry(work);
      reject(Object.assign(new Error(`${what} got no answer within ${ms} ms`), { code: 'ETIMEDOUT', sent }));
    }, ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A connection the ledger holds: its queries have a deadline, a dropped
 * connection fails the call (never the process), and `release` destroys
 * the connection when anything went wrong with it.
 */
export interface HeldClient {
  readonly client: PgPoolClient;
  query(
    text: string,
    values?: ReadonlyArray<unknown>,
  ): Promise<{ readonly rows: Array<Record<string, unknown>> }>;
  /** The error the connection failed with, once it failed. */
  broken(): Error | undefined;
  release(): void;
}

const poolsWatched = new WeakSet<object>();

/** Adds one listener to the pool's `'error'` event (an idle connection dropped), so it never kills the process. */
export function watchPool(pool: PgPool): void {
  if (typeof pool.on !== 'function' || poolsWatched.has(pool)) return;
  poolsWatched.add(pool);
  // pg-pool has already removed the dropped connection; the next checkout opens another.
  pool.on('error', () => undefined);
}

/** Checks a connection out with a deadline and listens to its `'error'` event for as long as it is held. */
export async function holdClient(pool: PgPool, timeouts: Required<PgTimeouts>): Promise<HeldClient> {
  const client = await within(
    pool.connect(),
    timeouts.connectMs,
    'connecting to the ledger database',
    (late) => {
      // The connect may still succeed: destroy that connection rather than leak it.
      late.then(
        (c) => c.release(new Error('connect deadline passed')),
        () => undefined,
      );
    },
  );
  let failure: Error | undefined;
  const onError = (error: Error) => {
    failure ??= error;
  };
  client.on('error', onError);
  let released = false;
  return {
    client,
    broken: () => failure,
    query: (text, values) =>
      within(client.query(text, values), timeouts.queryMs, 'a ledger query', () => {
        failure ??= Object.assign(new Error(`a ledger query got no answer within ${timeouts.queryMs} ms`), {
          code: 'ETIMEDOUT',
          sent: true,
        });
      }).catch((error: unknown) => {
        // A query failure on a live connection (a constraint, a statement timeout) leaves it usable.
        if (isConnectionError(error)) failure ??= error as Error;
        throw error;
      }),
    release() {
      if (released) return;
      released = true;
      if (failure === undefined) {
        client.removeListener('error', onError);
        client.release();
      } else {
        // The listener stays: a destroyed connection may still report its end.
        client.release(failure);
      }
    },
  };
}

// Errors that mean the connection itself is gone: socket errors, FATAL/admin shutdown (class 57, 08), or pg's own text.
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^(08|57P|E[A-Z]+)/.test(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|not queryable|Client has encountered a connection error/.test(message);
}

/**
 * Runs `work` in a transaction on one held connection: commit on success,
 * roll back on a throw. The transaction runs with `statement_timeout` and
 * `idle_in_transaction_session_timeout` set locally (see {@link PgTimeouts}).
 * A connection that failed is destroyed (`release(error)`), never returned
 * to the pool; the failure is thrown as {@link ledgerFailure} when the
 * connection broke, else `work`'s own error is rethrown.
 */
export async function inTransaction<A>(
  pool: PgPool,
  work: (client: PgPoolClient, held: HeldClient) => Promise<A>,
  timeouts: PgTimeouts = {},
  operation = 'transaction',
): Promise<A> {
  const limits = pgTimeouts(timeouts);
  let held: HeldClient;
  try {
    held = await holdClient(pool, limits);
  } catch (error) {
    throw ledgerFailure(operation, error);
  }
  try {
    // One round trip: simple-query protocol runs the three statements in order.
    await held.query(
      `BEGIN; SET LOCAL statement_timeout = ${limits.statementMs}; SET LOCAL idle_in_transaction_session_timeout = ${limits.idleInTransactionMs}`,
    );
    const result = await work(held.client, held);
    await held.query('COMMIT');
    return result;
  } catch (error) {
    if (held.broken() === undefined) {
      await held.query('ROLLBACK').catch(() => undefined);
    }
    // The first error the connection reported says most (FATAL 25P03, 57P01, a deadline).
    const broken = held.broken();
    throw broken !== undefined ? ledgerFailure(operation, broken) : error;
  } finally {
    held.release();
  }
}
