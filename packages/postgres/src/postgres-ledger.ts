import { isFinal, linkStatus, type LinkStatus, type UnifiedStatus } from '@paylinks/core';
import {
  type CreateIntent,
  defaultDeliveryRetentionMs,
  type Fulfilment,
  fulfilmentId,
  type IntentClaim,
  type IntentKey,
  type IntentState,
  type Ledger,
  type LedgerCounts,
  type LedgerLink,
  legalPredecessors,
  type LinkObservation,
  type Observation,
  type ObserveOptions,
  withLedgerChecks,
} from '@paylinks/ledger';

import { readJson, readText, storedJson, storedText } from './pg-text.js';
import {
  checkSchema,
  defaultSchema,
  holdClient,
  inTransaction,
  ledgerFailure,
  pgTimeouts,
  type PgPool,
  type PgPoolClient,
  type PgQueryable,
  type PgTimeouts,
  watchPool,
} from './pg-types.js';

/** Options of {@link createPostgresLedger}. */
export interface PostgresLedgerOptions {
  /**
   * The platform's `pg.Pool`; the ledger borrows connections and never ends
   * it. It adds one listener to the pool's `'error'` event (an idle
   * connection the server dropped), so such a drop never ends the process.
   */
  readonly pool: PgPool;
  /** Schema of the ledger's tables (default `paylinks`), as given to `migrate`. */
  readonly schema?: string;
  /** How long to wait for PostgreSQL (defaults: connect 10 s, statement 30 s, query 35 s, idle in transaction 60 s). */
  readonly timeouts?: PgTimeouts;
}

// A fulfilment handler's own failure, carried through the transaction so that it is rethrown as is.
class HandlerFailure {
  constructor(readonly cause: unknown) {}
}

type Row = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value);
const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

function statusOf(unified: unknown, raw: unknown, reason: unknown): LinkStatus {
  const why = text(reason);
  return linkStatus(
    unified as UnifiedStatus,
    readText(String(raw)),
    why === undefined ? null : readText(why),
  );
}

function intentOf(row: Row): CreateIntent {
  const linkId = text(row['link_id']);
  const owner = text(row['owner']);
  const note = text(row['note']);
  return {
    provider: String(row['provider']),
    scope: String(row['scope']),
    reference: String(row['reference']),
    state: row['state'] as IntentState,
    idempotencyKey: String(row['idempotency_key']),
    fingerprint: String(row['fingerprint']),
    input: readJson(row['input']),
    claims: Number(row['claims']),
    createdAt: date(row['created_at']),
    updatedAt: date(row['updated_at']),
    ...(linkId !== undefined ? { linkId } : {}),
    ...(owner !== undefined ? { owner } : {}),
    ...(row['lease_until'] !== null ? { leaseUntil: date(row['lease_until']) } : {}),
    ...(note !== undefined ? { note: readText(note) } : {}),
  };
}

function linkOf(row: Row): LedgerLink {
  const reference = text(row['reference']);
  return {
    provider: String(row['provider']),
    linkId: String(row['link_id']),
    scope: String(row['scope']),
    status: statusOf(row['status'], row['raw_status'], row['reason']),
    body: readJson(row['body']),
    version: Number(row['version']),
    seenAt: date(row['seen_at']),
    createdAt: date(row['created_at']),
    ...(reference !== undefined ? { reference } : {}),
  };
}

function fulfilmentOf(row: Row): Fulfilment {
  const reference = text(row['reference']);
  const lastError = text(row['last_error']);
  return {
    id: String(row['id']),
    provider: String(row['provider']),
    linkId: String(row['link_id']),
    scope: String(row['scope']),
    status: row['status'] as UnifiedStatus,
    rawStatus: readText(String(row['raw_status'])),
    attempts: Number(row['attempts']),
    createdAt: date(row['created_at']),
    ...(reference !== undefined ? { reference } : {}),
    ...(lastError !== undefined ? { lastError: readText(lastError) } : {}),
  };
}

/** Every method's driver failure as one typed, retryable error (see `ledgerFailure`). */
function typedFailures<Tx>(ledger: Ledger<Tx>): Ledger<Tx> {
  return Object.fromEntries(
    Object.entries(ledger).map(([name, method]: [string, (...args: unknown[]) => Promise<unknown>]) => [
      name,
      // completeFulfilment types its own failures: its handler's error is rethrown as the handler threw it.
      name === 'completeFulfilment'
        ? method
        : async (...args: unknown[]) => {
            try {
              return await method(...args);
            } catch (error) {
              throw ledgerFailure(name, error);
            }
          },
    ]),
  ) as unknown as Ledger<Tx>;
}

/**
 * The link ledger in PostgreSQL, for as many processes as share the
 * database. Run {@link migrate} first. Every guarantee rests on the
 * database, not on the processes: a primary key per logical create, the
 * status advanced by one conditional upsert whose `WHERE` admits only legal
 * predecessors (so two processes applying `paid` and a late `open` leave
 * `paid`, whatever the order), the outbox row inserted by that same
 * statement, and claims taken with `FOR UPDATE SKIP LOCKED` and a lease.
 * Times come from the database clock, so the processes' clocks do not matter.
 *
 * Fulfilment handlers get the `pg` client of the transaction that marks the
 * fulfilment done: what they write through it commits exactly once.
 *
 * @example
 * const pool = new pg.Pool({ connectionString: process.env.PAYLINKS_DATABASE_URL })
 * await migrate(pool)
 * const paylinks = createLedgerClient({ ledger: createPostgresLedger({ pool }), links: { costplus: links } })
 */
export function createPostgresLedger(options: PostgresLedgerOptions): Ledger<PgPoolClient> {
  const { pool } = options;
  const s = checkSchema(options.schema ?? defaultSchema);
  const timeouts = pgTimeouts(options.timeouts);
  watchPool(pool);
  // Every single statement: a connection held with a deadline, its 'error' event listened to.
  const db: PgQueryable = {
    async query(sql, params) {
      const held = await holdClient(pool, timeouts);
      try {
        return await held.query(sql, params);
      } finally {
        held.release();
      }
    },
  };
  const ms = (param: string) => `(${param}::double precision * interval '1 millisecond')`;

  const claimIntentSql = `
    INSERT INTO ${s}.intents AS i
      (provider, scope, reference, state, idempotency_key, fingerprint, input, claims, owner, lease_until)
    VALUES ($1, $2, $3, 'pending', $4, $5, $6::jsonb, 1, $7, now() + ${ms('$8')})
    ON CONFLICT (provider, scope, reference) DO UPDATE
      SET claims = i.claims + 1, owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until, updated_at = now()
      WHERE i.state = 'pending' AND (i.lease_until IS NULL OR i.lease_until <= now())
    RETURNING i.*, (xmax = 0) AS inserted`;

  // One statement: record the delivery, upsert the link only from a legal predecessor, and insert
  // the outbox row when the link enters a final status. Under READ COMMITTED a concurrent update
  // makes the upsert wait and re-check its WHERE on the newest row, so no move is ever lost or illegal.
  const observeSql = `
    WITH delivery AS (
      INSERT INTO ${s}.deliveries (key, expires_at)
      SELECT $11::text, now() + ${ms('$12')} WHERE $11::text IS NOT NULL
      ON CONFLICT (key) DO UPDATE SET received_at = now(), expires_at = EXCLUDED.expires_at
    ), upsert AS (
      INSERT INTO ${s}.links AS l (provider, link_id, scope, reference, status, raw_status, reason, final, body)
      VALUES ($1, $2, coalesce($3, ''), $4, $5, $6, $7, $8, $9::jsonb)
      ON CONFLICT (provider, link_id) DO UPDATE SET
        previous_status = l.status, previous_raw_status = l.raw_status, previous_reason = l.reason,
        status = EXCLUDED.status, raw_status = EXCLUDED.raw_status, reason = EXCLUDED.reason,
        final = EXCLUDED.final, body = EXCLUDED.body, version = l.version + 1, seen_at = now(),
        reference = coalesce(l.reference, EXCLUDED.reference), sync_owner = NULL, sync_lease_until = NULL
      WHERE l.status = ANY($10::text[])
      RETURNING l.scope, l.reference, l.previous_status, l.previous_raw_status, l.previous_reason,
        (xmax = 0) AS inserted
    ), owned AS (
      -- A create intent stands behind the link: the one for its reference, pending or holding this link.
      SELECT $14::boolean OR EXISTS (
        SELECT 1 FROM ${s}.intents i, upsert u
        WHERE i.provider = $1 AND i.scope = u.scope AND i.reference = u.reference
          AND (i.link_id IS NULL OR i.link_id = $2)) AS yes
    ), fulfilment AS (
      INSERT INTO ${s}.fulfilments (id, provider, link_id, status, raw_status, scope, reference)
      SELECT $13, $1, $2, $5, $6, u.scope, u.reference FROM upsert u
      WHERE $8 AND (u.inserted OR u.previous_status IS DISTINCT FROM $5) AND (SELECT yes FROM owned)
      ON CONFLICT DO NOTHING
      RETURNING id
    )
    SELECT u.inserted, u.previous_status, u.previous_raw_status, u.previous_reason,
      (SELECT id FROM fulfilment) AS fulfilment_id, (SELECT yes FROM owned) AS owned
    FROM upsert u`;

  async function observeWith(
    db: PgQueryable,
    observation: LinkObservation,
    opts: ObserveOptions = {},
  ): Promise<Observation> {
    const next = observation.status;
    const { rows } = await db.query(observeSql, [
      observation.provider,
      observation.linkId,
      observation.scope ?? null,
      observation.reference ?? null,
      next.unified,
      storedText(next.raw),
      next.reason === undefined || next.reason === null ? null : storedText(next.reason),
      isFinal(next),
      storedJson(observation.body),
      legalPredecessors(next.unified),
      opts.deliveryKey ?? null,
      opts.retentionMs ?? defaultDeliveryRetentionMs,
      fulfilmentId(observation.provider, observation.linkId, next.unified),
      opts.fulfilForeign === true,
    ]);
    const row = rows[0];
    if (row === undefined) {
      const current = await db.query(
        `SELECT status, raw_status, reason FROM ${s}.links WHERE provider = $1 AND link_id = $2`,
        [observation.provider, observation.linkId],
      );
      const held = current.rows[0] as Row;
      const status = statusOf(held['status'], held['raw_status'], held['reason']);
      return { outcome: 'refused', previous: status, status };
    }
    const fulfilment = text(row['fulfilment_id']);
    const foreign = row['owned'] !== true;
    if (row['inserted'] === true) {
      return {
        outcome: foreign ? 'foreign' : 'applied',
        status: next,
        ...(fulfilment !== undefined ? { fulfilmentId: fulfilment } : {}),
      };
    }
    const previous = statusOf(row['previous_status'], row['previous_raw_status'], row['previous_reason']);
    const same =
      previous.unified === next.unified && previous.raw === next.raw && previous.reason === next.reason;
    return {
      outcome: foreign ? 'foreign' : same ? 'unchanged' : 'applied',
      previous,
      status: next,
      ...(fulfilment !== undefined ? { fulfilmentId: fulfilment } : {}),
    };
  }

  const keyParams = (key: IntentKey) => [key.provider, key.scope, key.reference];
  const whereKey = 'provider = $1 AND scope = $2 AND reference = $3';

  const ledger: Ledger<PgPoolClient> = {
    async claimIntent(request): Promise<IntentClaim> {
      for (;;) {
        const { rows } = await db.query(claimIntentSql, [
          request.provider,
          request.scope,
          request.reference,
          request.idempotencyKey,
          request.fingerprint,
          storedJson(request.input),
          request.owner,
          request.leaseMs,
        ]);
        const claimed = rows[0];
        if (claimed !== undefined) {
          return { kind: claimed['inserted'] === true ? 'started' : 'recovering', intent: intentOf(claimed) };
        }
        const held = await db.query(`SELECT * FROM ${s}.intents WHERE ${whereKey}`, keyParams(request));
        const row = held.rows[0];
        // Abandoned between the two statements: claim again.
        if (row === undefined) continue;
        const intent = intentOf(row);
        return { kind: intent.state === 'pending' ? 'busy' : intent.state, intent };
      }
    },

    completeIntent: (key, link) =>
      inTransaction(
        pool,
        async (client) => {
          const updated = await client.query(
            `UPDATE ${s}.intents SET state = 'created', link_id = $4, owner = NULL, lease_until = NULL,
             note = NULL, updated_at = now()
           WHERE ${whereKey} AND state <> 'created' RETURNING link_id`,
            [...keyParams(key), link.linkId],
          );
          if (updated.rows.length === 0) {
            // Already created (keep that link), or a person adopts a link no intent was recorded for.
            const inserted = await client.query(
              `INSERT INTO ${s}.intents (provider, scope, reference, state, idempotency_key, fingerprint, link_id)
             VALUES ($1, $2, $3, 'created', '', '', $4)
             ON CONFLICT (provider, scope, reference) DO NOTHING RETURNING link_id`,
              [...keyParams(key), link.linkId],
            );
            if (inserted.rows.length === 0) {
              const held = await client.query(
                `SELECT link_id FROM ${s}.intents WHERE ${whereKey}`,
                keyParams(key),
              );
              return { linkId: String(held.rows[0]?.['link_id']) };
            }
          }
          await observeWith(client, { ...link, scope: key.scope, reference: key.reference });
          const held = await client.query(
            `UPDATE ${s}.links SET scope = $3, reference = $4 WHERE provider = $1 AND link_id = $2
           RETURNING status, raw_status, final`,
            [link.provider, link.linkId, key.scope, key.reference],
          );
          // A webhook recorded it first as foreign, already final: the fulfilment it did not get is queued now.
          const row = held.rows[0];
          if (row?.['final'] === true) {
            await client.query(
              `INSERT INTO ${s}.fulfilments (id, provider, link_id, status, raw_status, scope, reference)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
              [
                fulfilmentId(link.provider, link.linkId, row['status'] as UnifiedStatus),
                link.provider,
                link.linkId,
                row['status'],
                row['raw_status'],
                key.scope,
                key.reference,
              ],
            );
          }
          return { linkId: link.linkId };
        },
        timeouts,
        'completeIntent',
      ),

    async releaseIntent(key, owner) {
      await db.query(
        `UPDATE ${s}.intents SET lease_until = now(), updated_at = now()
         WHERE ${whereKey} AND state = 'pending' AND owner = $4`,
        [...keyParams(key), owner],
      );
    },

    async abandonIntent(key, owner) {
      await db.query(
        `DELETE FROM ${s}.intents WHERE ${whereKey} AND state <> 'created'
           AND ($4::text IS NULL OR (state = 'pending' AND owner = $4))`,
        [...keyParams(key), owner ?? null],
      );
    },

    async flagIntent(key, owner, note) {
      await db.query(
        `UPDATE ${s}.intents SET state = 'needs_attention', note = $5, owner = NULL, lease_until = NULL,
           updated_at = now()
         WHERE ${whereKey} AND state = 'pending' AND owner = $4`,
        [...keyParams(key), owner, storedText(note)],
      );
    },

    async intent(key) {
      const { rows } = await db.query(`SELECT * FROM ${s}.intents WHERE ${whereKey}`, keyParams(key));
      return rows[0] === undefined ? undefined : intentOf(rows[0]);
    },

    async intents(query = {}) {
      const { rows } = await db.query(
        `SELECT * FROM ${s}.intents WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR provider = $2)
         ORDER BY created_at, provider, scope, reference LIMIT $3`,
        [query.state ?? null, query.provider ?? null, query.limit ?? null],
      );
      return rows.map(intentOf);
    },

    async claimLapsedIntents(claim) {
      const { rows } = await db.query(
        `UPDATE ${s}.intents i SET owner = $1, lease_until = now() + ${ms('$2')}, claims = i.claims + 1,
           updated_at = now()
         FROM (SELECT provider, scope, reference FROM ${s}.intents
               WHERE state = 'pending' AND (lease_until IS NULL OR lease_until <= now())
                 AND ($4::text[] IS NULL OR provider = ANY($4::text[]))
               ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
         WHERE i.provider = due.provider AND i.scope = due.scope AND i.reference = due.reference
         RETURNING i.*`,
        [claim.owner, claim.leaseMs, claim.limit, claim.providers ?? null],
      );
      return rows.map(intentOf);
    },

    async link(provider, linkId) {
      const { rows } = await db.query(`SELECT * FROM ${s}.links WHERE provider = $1 AND link_id = $2`, [
        provider,
        linkId,
      ]);
      return rows[0] === undefined ? undefined : linkOf(rows[0]);
    },

    async linkByReference(key) {
      const { rows } = await db.query(
        `SELECT l.* FROM ${s}.intents i JOIN ${s}.links l ON l.provider = i.provider AND l.link_id = i.link_id
         WHERE i.provider = $1 AND i.scope = $2 AND i.reference = $3
         UNION ALL
         (SELECT * FROM ${s}.links WHERE ${whereKey} ORDER BY created_at LIMIT 1)
         LIMIT 1`,
        keyParams(key),
      );
      return rows[0] === undefined ? undefined : linkOf(rows[0]);
    },

    async seen(deliveryKey) {
      const { rows } = await db.query(`SELECT 1 FROM ${s}.deliveries WHERE key = $1 AND expires_at > now()`, [
        deliveryKey,
      ]);
      return rows.length > 0;
    },

    observe: (observation, opts) => observeWith(pool, observation, opts),

    async claimStaleLinks(claim) {
      const { rows } = await db.query(
        `UPDATE ${s}.links l SET sync_owner = $1, sync_lease_until = now() + ${ms('$2')}
         FROM (SELECT provider, link_id FROM ${s}.links
               WHERE NOT final AND seen_at <= now() - ${ms('$3')}
                 AND (sync_lease_until IS NULL OR sync_lease_until <= now())
                 AND ($5::text[] IS NULL OR provider = ANY($5::text[]))
               ORDER BY seen_at LIMIT $4 FOR UPDATE SKIP LOCKED) due
         WHERE l.provider = due.provider AND l.link_id = due.link_id
         RETURNING l.*`,
        [claim.owner, claim.leaseMs, claim.staleAfterMs, claim.limit, claim.providers ?? null],
      );
      return rows.map(linkOf);
    },

    async claimFulfilments(claim) {
      const { rows } = await db.query(
        `UPDATE ${s}.fulfilments f SET owner = $1, lease_until = now() + ${ms('$2')}, attempts = f.attempts + 1
         FROM (SELECT id FROM ${s}.fulfilments
               WHERE done_at IS NULL AND due_at <= now() AND (lease_until IS NULL OR lease_until <= now())
               ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
         WHERE f.id = due.id
         RETURNING f.*`,
        [claim.owner, claim.leaseMs, claim.limit],
      );
      return rows.map(fulfilmentOf);
    },

    async completeFulfilment(id, owner, work) {
      try {
        return await inTransaction(
          pool,
          async (client, held) => {
            // The row lock holds until commit: a worker whose lease lapsed meanwhile skips the row.
            const { rows } = await held.query(
              `SELECT 1 FROM ${s}.fulfilments WHERE id = $1 AND owner = $2 AND done_at IS NULL FOR UPDATE`,
              [id, owner],
            );
            if (rows.length === 0) return false;
            await work(client).catch((error: unknown) => {
              throw new HandlerFailure(error);
            });
            await held.query(
              `UPDATE ${s}.fulfilments SET done_at = now(), owner = NULL, lease_until = NULL WHERE id = $1`,
              [id],
            );
            return true;
          },
          timeouts,
          'completeFulfilment',
        );
      } catch (error) {
        // The handler's own error, on a connection that still works: rethrown as the handler threw it.
        if (error instanceof HandlerFailure) throw error.cause;
        throw ledgerFailure('completeFulfilment', error);
      }
    },

    async failFulfilment(id, owner, error, retryInMs) {
      await db.query(
        `UPDATE ${s}.fulfilments SET last_error = $3, due_at = now() + ${ms('$4')}, owner = NULL, lease_until = NULL
         WHERE id = $1 AND owner = $2 AND done_at IS NULL`,
        [id, owner, storedText(error), retryInMs],
      );
    },

    async purgeDeliveries(limit = 10_000) {
      const { rows } = await db.query(
        `DELETE FROM ${s}.deliveries WHERE key IN
           (SELECT key FROM ${s}.deliveries WHERE expires_at <= now() LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING 1`,
        [limit],
      );
      return rows.length;
    },

    async counts(): Promise<LedgerCounts> {
      const [intents, links, deliveries, fulfilments] = await Promise.all([
        db.query(`SELECT state AS k, count(*)::int AS n FROM ${s}.intents GROUP BY state`),
        db.query(`SELECT status AS k, count(*)::int AS n FROM ${s}.links GROUP BY status`),
        db.query(`SELECT count(*)::int AS n FROM ${s}.deliveries WHERE expires_at > now()`),
        db.query(
          `SELECT count(*) FILTER (WHERE done_at IS NULL)::int AS pending,
                  count(*) FILTER (WHERE done_at IS NOT NULL)::int AS done FROM ${s}.fulfilments`,
        ),
      ]);
      const byKey = (rows: ReadonlyArray<Row>) =>
        Object.fromEntries(rows.map((r) => [String(r['k']), Number(r['n'])]));
      const f = fulfilments.rows[0] as Row;
      return {
        intents: { pending: 0, created: 0, needs_attention: 0, ...byKey(intents.rows) },
        links: byKey(links.rows),
        deliveries: Number(deliveries.rows[0]?.['n'] ?? 0),
        fulfilments: { pending: Number(f['pending']), done: Number(f['done']) },
      };
    },
  };
  return withLedgerChecks(typedFailures(ledger));
}
