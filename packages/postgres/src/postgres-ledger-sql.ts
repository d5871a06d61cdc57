// The ledger's SQL, one named statement per question asked of the database. `s` is the quoted
// schema (see `checkSchema`); every value travels as a parameter.

/** `param` milliseconds as an interval, so times are added on the database clock. */
const ms = (param: string) => `(${param}::double precision * interval '1 millisecond')`;

/** The intent key as `$1..$3`, as {@link keyParams} sends it. */
export const whereKey = 'provider = $1 AND scope = $2 AND reference = $3';

/** Statements on create intents. */
export function intentSql(s: string) {
  return {
    claim: `
    INSERT INTO ${s}.intents AS i
      (provider, scope, reference, state, idempotency_key, fingerprint, input, claims, owner, lease_until)
    VALUES ($1, $2, $3, 'pending', $4, $5, $6::jsonb, 1, $7, now() + ${ms('$8')})
    ON CONFLICT (provider, scope, reference) DO UPDATE
      SET claims = i.claims + 1, owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until, updated_at = now()
      WHERE i.state = 'pending' AND (i.lease_until IS NULL OR i.lease_until <= now())
    RETURNING i.*, (xmax = 0) AS inserted`,
    byKey: `SELECT * FROM ${s}.intents WHERE ${whereKey}`,
    linkIdByKey: `SELECT link_id FROM ${s}.intents WHERE ${whereKey}`,
    markCreated: `UPDATE ${s}.intents SET state = 'created', link_id = $4, owner = NULL, lease_until = NULL,
             note = NULL, updated_at = now()
           WHERE ${whereKey} AND state <> 'created' RETURNING link_id`,
    insertCreated: `INSERT INTO ${s}.intents (provider, scope, reference, state, idempotency_key, fingerprint, link_id)
             VALUES ($1, $2, $3, 'created', '', '', $4)
             ON CONFLICT (provider, scope, reference) DO NOTHING RETURNING link_id`,
    adoptLink: `UPDATE ${s}.links SET scope = $3, reference = $4 WHERE provider = $1 AND link_id = $2
           RETURNING status, raw_status, final`,
    queueFulfilment: `INSERT INTO ${s}.fulfilments (id, provider, link_id, status, raw_status, scope, reference)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    release: `UPDATE ${s}.intents SET lease_until = now(), updated_at = now()
         WHERE ${whereKey} AND state = 'pending' AND owner = $4`,
    abandon: `DELETE FROM ${s}.intents WHERE ${whereKey} AND state <> 'created'
           AND ($4::text IS NULL OR (state = 'pending' AND owner = $4))`,
    flag: `UPDATE ${s}.intents SET state = 'needs_attention', note = $5, owner = NULL, lease_until = NULL,
           updated_at = now()
         WHERE ${whereKey} AND state = 'pending' AND owner = $4`,
    list: `SELECT * FROM ${s}.intents WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR provider = $2)
         ORDER BY created_at, provider, scope, reference LIMIT $3`,
    claimLapsed: `UPDATE ${s}.intents i SET owner = $1, lease_until = now() + ${ms('$2')}, claims = i.claims + 1,
           updated_at = now()
         FROM (SELECT provider, scope, reference FROM ${s}.intents
               WHERE state = 'pending' AND (lease_until IS NULL OR lease_until <= now())
                 AND ($4::text[] IS NULL OR provider = ANY($4::text[]))
               ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
         WHERE i.provider = due.provider AND i.scope = due.scope AND i.reference = due.reference
         RETURNING i.*`,
  } as const;
}

/**
 * One statement: record the delivery, upsert the link only from a legal predecessor, and insert
 * the outbox row when the link enters a final status. Under READ COMMITTED a concurrent update
 * makes the upsert wait and re-check its WHERE on the newest row, so no move is ever lost or illegal.
 */
export function observeSql(s: string): string {
  return `
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
}

/** Statements on links and delivery keys. */
export function linkSql(s: string) {
  return {
    observe: observeSql(s),
    statusOf: `SELECT status, raw_status, reason FROM ${s}.links WHERE provider = $1 AND link_id = $2`,
    byId: `SELECT * FROM ${s}.links WHERE provider = $1 AND link_id = $2`,
    byReference: `SELECT l.* FROM ${s}.intents i JOIN ${s}.links l ON l.provider = i.provider AND l.link_id = i.link_id
         WHERE i.provider = $1 AND i.scope = $2 AND i.reference = $3
         UNION ALL
         (SELECT * FROM ${s}.links WHERE ${whereKey} ORDER BY created_at LIMIT 1)
         LIMIT 1`,
    seen: `SELECT 1 FROM ${s}.deliveries WHERE key = $1 AND expires_at > now()`,
    claimStale: `UPDATE ${s}.links l SET sync_owner = $1, sync_lease_until = now() + ${ms('$2')}
         FROM (SELECT provider, link_id FROM ${s}.links
               WHERE NOT final AND seen_at <= now() - ${ms('$3')}
                 AND (sync_lease_until IS NULL OR sync_lease_until <= now())
                 AND ($5::text[] IS NULL OR provider = ANY($5::text[]))
               ORDER BY seen_at LIMIT $4 FOR UPDATE SKIP LOCKED) due
         WHERE l.provider = due.provider AND l.link_id = due.link_id
         RETURNING l.*`,
    purgeDeliveries: `DELETE FROM ${s}.deliveries WHERE key IN
           (SELECT key FROM ${s}.deliveries WHERE expires_at <= now() LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING 1`,
  } as const;
}

/** Statements on the fulfilment outbox. */
export function fulfilmentSql(s: string) {
  return {
    claim: `UPDATE ${s}.fulfilments f SET owner = $1, lease_until = now() + ${ms('$2')}, attempts = f.attempts + 1
         FROM (SELECT id FROM ${s}.fulfilments
               WHERE done_at IS NULL AND due_at <= now() AND (lease_until IS NULL OR lease_until <= now())
               ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
         WHERE f.id = due.id
         RETURNING f.*`,
    // The row lock holds until commit: a worker whose lease lapsed meanwhile skips the row.
    lockOwned: `SELECT 1 FROM ${s}.fulfilments WHERE id = $1 AND owner = $2 AND done_at IS NULL FOR UPDATE`,
    markDone: `UPDATE ${s}.fulfilments SET done_at = now(), owner = NULL, lease_until = NULL WHERE id = $1`,
    fail: `UPDATE ${s}.fulfilments SET last_error = $3, due_at = now() + ${ms('$4')}, owner = NULL, lease_until = NULL
         WHERE id = $1 AND owner = $2 AND done_at IS NULL`,
  } as const;
}

/** Statements behind `counts`. */
export function countSql(s: string) {
  return {
    intents: `SELECT state AS k, count(*)::int AS n FROM ${s}.intents GROUP BY state`,
    links: `SELECT status AS k, count(*)::int AS n FROM ${s}.links GROUP BY status`,
    deliveries: `SELECT count(*)::int AS n FROM ${s}.deliveries WHERE expires_at > now()`,
    fulfilments: `SELECT count(*) FILTER (WHERE done_at IS NULL)::int AS pending,
                  count(*) FILTER (WHERE done_at IS NOT NULL)::int AS done FROM ${s}.fulfilments`,
  } as const;
}

/** Every statement of the ledger, for one schema. */
export interface LedgerSql {
  readonly intents: ReturnType<typeof intentSql>;
  readonly links: ReturnType<typeof linkSql>;
  readonly fulfilments: ReturnType<typeof fulfilmentSql>;
  readonly counts: ReturnType<typeof countSql>;
}

/** The ledger's statements for the quoted schema `s`. */
export function ledgerSql(s: string): LedgerSql {
  return { intents: intentSql(s), links: linkSql(s), fulfilments: fulfilmentSql(s), counts: countSql(s) };
}
