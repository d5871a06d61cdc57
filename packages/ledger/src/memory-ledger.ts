// createMemoryLedger: the Ledger in one process's memory (tests, demos, single-process apps).
import { canTransition, isFinal, type LinkStatus, type UnifiedStatus } from '@paylinks/core';

import {
  defaultDeliveryRetentionMs,
  fulfilmentId,
  type CreateIntent,
  type Fulfilment,
  type FulfilmentClaim,
  type IntentClaim,
  type IntentClaimRequest,
  type IntentKey,
  type IntentQuery,
  type IntentState,
  type LapsedIntentClaim,
  type Ledger,
  type LedgerCounts,
  type LedgerLink,
  type LinkObservation,
  type Observation,
  type ObserveOptions,
  type StaleLinkClaim,
} from './ledger.js';
import { withLedgerChecks } from './ledger-input.js';

/** Options of {@link createMemoryLedger}. */
export interface MemoryLedgerOptions {
  /** Clock for leases, staleness and retention (default the system clock). */
  readonly now?: () => Date;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface FulfilmentRow extends Mutable<Fulfilment> {
  done: boolean;
  dueAt: number;
  owner?: string;
  leaseUntil?: number;
}

interface LinkRow extends Mutable<LedgerLink> {
  syncOwner?: string;
  syncLeaseUntil?: number;
}

const intentKey = (k: IntentKey) => JSON.stringify([k.provider, k.scope, k.reference]);
const linkKey = (provider: string, linkId: string) => JSON.stringify([provider, linkId]);
const sameStatus = (a: LinkStatus, b: LinkStatus) =>
  a.unified === b.unified && a.raw === b.raw && a.reason === b.reason;

/** Everything the memory ledger keeps, shared by the method groups below. */
interface MemoryState {
  readonly now: () => Date;
  readonly intents: Map<string, Mutable<CreateIntent>>;
  readonly links: Map<string, LinkRow>;
  /** Intent key to link key: which link a (provider, scope, reference) made. */
  readonly references: Map<string, string>;
  /** Delivery key to the time (ms) it may be forgotten. */
  readonly deliveries: Map<string, number>;
  readonly fulfilments: Map<string, FulfilmentRow>;
}

/**
 * The ledger in this process's memory: the default for tests, demos and
 * single-process applications. It keeps every guarantee of the interface
 * within the process (JavaScript runs one callback at a time, so each method
 * is atomic) and loses everything when the process ends. Fulfilment
 * handlers get `undefined` as their transaction.
 *
 * @example
 * const ledger = createMemoryLedger()
 * const paylinks = createLedgerClient({ ledger, links: { costplus: fromProvider(costplus({ apiKey })) } })
 */
export function createMemoryLedger(options: MemoryLedgerOptions = {}): Ledger<undefined> {
  const state: MemoryState = {
    now: options.now ?? (() => new Date()),
    intents: new Map(),
    links: new Map(),
    references: new Map(),
    deliveries: new Map(),
    fulfilments: new Map(),
  };
  // A plain object of closures, not a class: callers wrap a ledger with `{ ...ledger, observe }`.
  return withLedgerChecks({
    ...intentMethods(state),
    ...linkMethods(state),
    ...fulfilmentMethods(state),
    counts: async () => countRows(state),
  });
}

const copyIntent = (row: Mutable<CreateIntent>): CreateIntent => ({ ...row });

const copyLink = (row: LinkRow): LedgerLink => {
  const { syncOwner: _owner, syncLeaseUntil: _until, ...link } = row;
  return link;
};

const copyFulfilment = (row: FulfilmentRow): Fulfilment => {
  const { done: _done, dueAt: _due, owner: _owner, leaseUntil: _until, ...fulfilment } = row;
  return fulfilment;
};

function intentMethods(
  state: MemoryState,
): Pick<
  Ledger<undefined>,
  | 'claimIntent'
  | 'completeIntent'
  | 'releaseIntent'
  | 'abandonIntent'
  | 'flagIntent'
  | 'intent'
  | 'intents'
  | 'claimLapsedIntents'
> {
  const { now, intents } = state;
  return {
    async claimIntent(request: IntentClaimRequest): Promise<IntentClaim> {
      return claimIntent(intents, request, now());
    },

    async completeIntent(key, link) {
      return completeIntent(state, key, link);
    },

    async releaseIntent(key, owner) {
      const row = intents.get(intentKey(key));
      if (row?.state !== 'pending' || row.owner !== owner) return;
      row.leaseUntil = now();
      row.updatedAt = now();
    },

    async abandonIntent(key, owner) {
      const row = intents.get(intentKey(key));
      if (row === undefined || row.state === 'created') return;
      if (owner !== undefined && (row.state !== 'pending' || row.owner !== owner)) return;
      intents.delete(intentKey(key));
    },

    async flagIntent(key, owner, note) {
      const row = intents.get(intentKey(key));
      if (row?.state !== 'pending' || row.owner !== owner) return;
      row.state = 'needs_attention';
      row.note = note;
      row.updatedAt = now();
      delete row.owner;
      delete row.leaseUntil;
    },

    async intent(key) {
      const row = intents.get(intentKey(key));
      return row === undefined ? undefined : copyIntent(row);
    },

    async intents(query: IntentQuery = {}) {
      return [...intents.values()]
        .filter((i) => query.state === undefined || i.state === query.state)
        .filter((i) => query.provider === undefined || i.provider === query.provider)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .slice(0, query.limit ?? Number.MAX_SAFE_INTEGER)
        .map(copyIntent);
    },

    async claimLapsedIntents(request: LapsedIntentClaim) {
      const at = now();
      const due = [...intents.values()]
        .filter(
          (i) =>
            i.state === 'pending' &&
            (i.leaseUntil === undefined || i.leaseUntil.getTime() <= at.getTime()) &&
            (request.providers === undefined || request.providers.includes(i.provider)),
        )
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .slice(0, request.limit);
      for (const row of due) claim(row, request.owner, request.leaseMs, at);
      return due.map(copyIntent);
    },
  };
}

function claim(row: Mutable<CreateIntent>, owner: string, leaseMs: number, at: Date): void {
  row.owner = owner;
  row.leaseUntil = new Date(at.getTime() + leaseMs);
  row.claims += 1;
  row.updatedAt = at;
}

function claimIntent(intents: MemoryState['intents'], request: IntentClaimRequest, at: Date): IntentClaim {
  const key = intentKey(request);
  const row = intents.get(key);
  if (row === undefined) {
    const created: Mutable<CreateIntent> = {
      provider: request.provider,
      scope: request.scope,
      reference: request.reference,
      state: 'pending',
      idempotencyKey: request.idempotencyKey,
      fingerprint: request.fingerprint,
      input: request.input,
      claims: 0,
      createdAt: at,
      updatedAt: at,
    };
    claim(created, request.owner, request.leaseMs, at);
    intents.set(key, created);
    return { kind: 'started', intent: copyIntent(created) };
  }
  if (row.state !== 'pending') return { kind: row.state, intent: copyIntent(row) };
  if (row.leaseUntil !== undefined && row.leaseUntil.getTime() > at.getTime()) {
    return { kind: 'busy', intent: copyIntent(row) };
  }
  claim(row, request.owner, request.leaseMs, at);
  return { kind: 'recovering', intent: copyIntent(row) };
}

function completeIntent(state: MemoryState, key: IntentKey, link: LinkObservation): { linkId: string } {
  const { intents, links, references } = state;
  const row = intents.get(intentKey(key));
  if (row?.state === 'created' && row.linkId !== undefined) return { linkId: row.linkId };
  const at = state.now();
  const completed: Mutable<CreateIntent> = row ?? {
    ...key,
    state: 'created',
    idempotencyKey: '',
    fingerprint: '',
    input: null,
    claims: 0,
    createdAt: at,
    updatedAt: at,
  };
  completed.state = 'created';
  completed.linkId = link.linkId;
  completed.updatedAt = at;
  delete completed.owner;
  delete completed.leaseUntil;
  delete completed.note;
  intents.set(intentKey(key), completed);
  observe(state, { ...link, scope: key.scope, reference: key.reference });
  // The intent is the authority on whose link it is, even when a webhook recorded it first.
  const recorded = links.get(linkKey(link.provider, link.linkId));
  if (recorded !== undefined) {
    recorded.scope = key.scope;
    recorded.reference = key.reference;
    references.set(intentKey(key), linkKey(link.provider, link.linkId));
    // A webhook recorded it first as foreign, already final: the fulfilment it did not get is queued now.
    if (isFinal(recorded.status)) enqueue(state, { ...link, status: recorded.status }, at);
  }
  return { linkId: link.linkId };
}

function linkMethods(
  state: MemoryState,
): Pick<Ledger<undefined>, 'link' | 'linkByReference' | 'seen' | 'observe' | 'claimStaleLinks'> {
  const { now, links, references, deliveries } = state;
  return {
    async link(provider, linkId) {
      const row = links.get(linkKey(provider, linkId));
      return row === undefined ? undefined : copyLink(row);
    },

    async linkByReference(key) {
      const at = references.get(intentKey(key));
      const row = at === undefined ? undefined : links.get(at);
      return row === undefined ? undefined : copyLink(row);
    },

    async seen(deliveryKey) {
      const until = deliveries.get(deliveryKey);
      return until !== undefined && until > now().getTime();
    },

    async observe(observation, opts) {
      return observe(state, observation, opts);
    },

    async claimStaleLinks(request: StaleLinkClaim) {
      const at = now().getTime();
      const due = [...links.values()]
        .filter(
          (l) =>
            !isFinal(l.status) &&
            l.seenAt.getTime() <= at - request.staleAfterMs &&
            (l.syncLeaseUntil === undefined || l.syncLeaseUntil <= at) &&
            (request.providers === undefined || request.providers.includes(l.provider)),
        )
        .sort((a, b) => a.seenAt.getTime() - b.seenAt.getTime())
        .slice(0, request.limit);
      for (const row of due) {
        row.syncOwner = request.owner;
        row.syncLeaseUntil = at + request.leaseMs;
      }
      return due.map(copyLink);
    },
  };
}

function observe(state: MemoryState, observation: LinkObservation, opts: ObserveOptions = {}): Observation {
  const at = state.now();
  if (opts.deliveryKey !== undefined) {
    state.deliveries.set(opts.deliveryKey, at.getTime() + (opts.retentionMs ?? defaultDeliveryRetentionMs));
  }
  const row = state.links.get(linkKey(observation.provider, observation.linkId));
  const next = observation.status;
  if (row !== undefined && !canTransition(row.status.unified, next.unified)) {
    return { outcome: 'refused', previous: row.status, status: row.status };
  }
  const previous = row?.status;
  if (row === undefined) {
    insertLink(state, observation, at);
  } else {
    row.status = next;
    row.body = observation.body;
    row.version += 1;
    row.seenAt = at;
    delete row.syncOwner;
    delete row.syncLeaseUntil;
  }
  const entered = previous === undefined || previous.unified !== next.unified;
  const owned = opts.fulfilForeign === true || hasIntent(state, observation);
  const fulfilment = owned && entered && isFinal(next) ? enqueue(state, observation, at) : undefined;
  const same = previous !== undefined && sameStatus(previous, next);
  return {
    outcome: !owned ? 'foreign' : same ? 'unchanged' : 'applied',
    status: next,
    ...(previous !== undefined ? { previous } : {}),
    ...(fulfilment !== undefined ? { fulfilmentId: fulfilment } : {}),
  };
}

/** Whether a create intent stands behind the link: one for its reference, pending or holding this link. */
function hasIntent({ intents, links }: MemoryState, observation: LinkObservation): boolean {
  const row = links.get(linkKey(observation.provider, observation.linkId));
  if (row?.reference === undefined) return false;
  const intent = intents.get(
    intentKey({ provider: row.provider, scope: row.scope, reference: row.reference }),
  );
  return intent !== undefined && (intent.linkId === undefined || intent.linkId === row.linkId);
}

function insertLink({ links, references }: MemoryState, observation: LinkObservation, at: Date): void {
  const key = linkKey(observation.provider, observation.linkId);
  const created: LinkRow = {
    provider: observation.provider,
    linkId: observation.linkId,
    scope: observation.scope ?? '',
    status: observation.status,
    body: observation.body,
    version: 1,
    seenAt: at,
    createdAt: at,
    ...(observation.reference !== undefined ? { reference: observation.reference } : {}),
  };
  links.set(key, created);
  if (created.reference !== undefined) {
    references.set(
      intentKey({ provider: created.provider, scope: created.scope, reference: created.reference }),
      key,
    );
  }
}

function enqueue(
  { links, fulfilments }: MemoryState,
  observation: LinkObservation,
  at: Date,
): string | undefined {
  const id = fulfilmentId(observation.provider, observation.linkId, observation.status.unified);
  if (fulfilments.has(id)) return undefined;
  const link = links.get(linkKey(observation.provider, observation.linkId));
  fulfilments.set(id, {
    id,
    provider: observation.provider,
    linkId: observation.linkId,
    scope: link?.scope ?? '',
    status: observation.status.unified,
    rawStatus: observation.status.raw,
    attempts: 0,
    createdAt: at,
    done: false,
    dueAt: at.getTime(),
    ...(link?.reference !== undefined ? { reference: link.reference } : {}),
  });
  return id;
}

function fulfilmentMethods({
  now,
  fulfilments,
  deliveries,
}: MemoryState): Pick<
  Ledger<undefined>,
  'claimFulfilments' | 'completeFulfilment' | 'failFulfilment' | 'purgeDeliveries'
> {
  return {
    async claimFulfilments(request: FulfilmentClaim) {
      const at = now().getTime();
      const due = [...fulfilments.values()]
        .filter((f) => !f.done && f.dueAt <= at && (f.leaseUntil === undefined || f.leaseUntil <= at))
        .sort((a, b) => a.dueAt - b.dueAt)
        .slice(0, request.limit);
      for (const row of due) {
        row.owner = request.owner;
        row.leaseUntil = at + request.leaseMs;
        row.attempts += 1;
      }
      return due.map(copyFulfilment);
    },

    async completeFulfilment(id, owner, work) {
      const row = fulfilments.get(id);
      if (row === undefined || row.done || row.owner !== owner) return false;
      await work(undefined);
      if (row.done || row.owner !== owner) return false;
      row.done = true;
      delete row.owner;
      delete row.leaseUntil;
      return true;
    },

    async failFulfilment(id, owner, error, retryInMs) {
      const row = fulfilments.get(id);
      if (row === undefined || row.done || row.owner !== owner) return;
      row.lastError = error;
      row.dueAt = now().getTime() + retryInMs;
      delete row.owner;
      delete row.leaseUntil;
    },

    async purgeDeliveries(limit = 10_000) {
      const at = now().getTime();
      let purged = 0;
      for (const [key, until] of deliveries) {
        if (purged >= limit) break;
        if (until > at) continue;
        deliveries.delete(key);
        purged += 1;
      }
      return purged;
    },
  };
}

function countRows({ now, intents, links, deliveries, fulfilments }: MemoryState): LedgerCounts {
  const byState: Record<IntentState, number> = { pending: 0, created: 0, needs_attention: 0 };
  for (const i of intents.values()) byState[i.state] += 1;
  const byStatus: Partial<Record<UnifiedStatus, number>> = {};
  for (const l of links.values()) byStatus[l.status.unified] = (byStatus[l.status.unified] ?? 0) + 1;
  let pending = 0;
  for (const f of fulfilments.values()) if (!f.done) pending += 1;
  const at = now().getTime();
  return {
    intents: byState,
    links: byStatus,
    deliveries: [...deliveries.values()].filter((until) => until > at).length,
    fulfilments: { pending, done: fulfilments.size - pending },
  };
}
