-- The paylinks link ledger (issue 15). Runs inside one transaction with
-- search_path set to the ledger's schema; see migrate() in @paylinks/postgres.
-- Unique keys do the de-duplication: nothing here is check-then-insert.

-- One logical create per (provider, merchant scope, reference), recorded
-- before the provider is called.
CREATE TABLE intents (
  provider text NOT NULL,
  scope text NOT NULL,
  reference text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'created', 'needs_attention')),
  idempotency_key text NOT NULL,
  fingerprint text NOT NULL,
  input jsonb,
  link_id text,
  claims integer NOT NULL DEFAULT 0,
  owner text,
  lease_until timestamptz,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, scope, reference),
  CHECK ((state = 'created') = (link_id IS NOT NULL))
);
CREATE INDEX intents_lapsed ON intents (created_at) WHERE state = 'pending';
CREATE INDEX intents_by_state ON intents (state, created_at);

-- Every link the ledger knows, with the status it may only advance along
-- the state machine's legal transitions (conditional upserts in observe).
CREATE TABLE links (
  provider text NOT NULL,
  link_id text NOT NULL,
  scope text NOT NULL DEFAULT '',
  reference text,
  status text NOT NULL,
  raw_status text NOT NULL,
  reason text,
  final boolean NOT NULL,
  previous_status text,
  previous_raw_status text,
  previous_reason text,
  body jsonb,
  version bigint NOT NULL DEFAULT 1,
  seen_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  sync_owner text,
  sync_lease_until timestamptz,
  PRIMARY KEY (provider, link_id)
);
CREATE INDEX links_by_reference ON links (provider, scope, reference);
CREATE INDEX links_to_sync ON links (seen_at) WHERE NOT final;

-- Webhook delivery keys (webhookEventKey), kept for a retention window.
CREATE TABLE deliveries (
  key text PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX deliveries_by_expiry ON deliveries (expires_at);

-- The outbox: one row per link entering a final status, written in the
-- same statement as the status; claimed by workers with a lease.
CREATE TABLE fulfilments (
  id text PRIMARY KEY,
  provider text NOT NULL,
  link_id text NOT NULL,
  status text NOT NULL,
  raw_status text NOT NULL,
  scope text NOT NULL,
  reference text,
  attempts integer NOT NULL DEFAULT 0,
  due_at timestamptz NOT NULL DEFAULT now(),
  owner text,
  lease_until timestamptz,
  last_error text,
  done_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider, link_id, status),
  FOREIGN KEY (provider, link_id) REFERENCES links (provider, link_id)
);
CREATE INDEX fulfilments_due ON fulfilments (due_at) WHERE done_at IS NULL;
