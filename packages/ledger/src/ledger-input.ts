// What a ledger accepts before any write: key limits, NFC references, and withLedgerChecks around a Ledger.
import {
  controlCharacters,
  loneSurrogate,
  PaymentLinkException,
  validationError,
} from '@paylinks/core/adapter';

import type { IntentKey, Ledger, LinkObservation } from './ledger.js';

/**
 * The limits every {@link Ledger} applies before it writes anything, the same
 * in memory and in PostgreSQL, so an input one ledger takes the other takes
 * too. Keys (provider, scope, reference, link id, owner, delivery key) are
 * text a database can index and compare exactly: bounded, well-formed UTF-16
 * (no lone surrogate, which PostgreSQL would turn into U+FFFD), and without
 * control characters (NUL cannot be stored at all). References are compared
 * in Unicode NFC, so `é` typed precomposed or as `e` + accent is one key.
 */
export const ledgerLimits = {
  /** Adapter id. */
  provider: 64,
  /** Merchant scope (`''` allowed). */
  scope: 255,
  /** The merchant's reference, as `CreatePaymentLinkInput.reference` allows. */
  reference: 255,
  /** A provider's link id. */
  linkId: 255,
  /** A process's name in claims. */
  owner: 255,
  /** The key a create sends to the provider. */
  idempotencyKey: 255,
  /** The hash of a create input. */
  fingerprint: 128,
  /** A fulfilment's id (`ful_` and 32 hex digits from `fulfilmentId`). */
  fulfilmentId: 255,
  /** A webhook delivery key (`webhookEventKey`). */
  deliveryKey: 512,
  /** A note on a flagged intent or a failed fulfilment's error (longer ones are cut, with `…`). */
  note: 4000,
  /** Leases, retention and delays, in milliseconds (about 1 year). */
  durationMs: 366 * 24 * 3_600_000,
  /** Rows per claim or query. */
  limit: 100_000,
} as const;

/** A UTF-16 surrogate without its pair (core's check, re-exported for the PostgreSQL ledger's text escaping). */
export { loneSurrogate };

function refuse(operation: string, field: string, message: string): never {
  throw new PaymentLinkException(validationError({ operation: `ledger.${operation}`, field, message }));
}

/** Why `value` is not a ledger key of at most `max` characters, or `undefined` when it is one. */
function keyProblem(value: unknown, max: number, allowEmpty: boolean): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${typeof value}`;
  if (value === '' && !allowEmpty) return 'must not be empty';
  if (value.length > max) return `must be at most ${max} characters, got ${value.length}`;
  if (controlCharacters.test(value)) return 'must not contain control characters (NUL, newline, ...)';
  if (loneSurrogate.test(value)) return 'must be well-formed Unicode (a lone surrogate was found)';
  return undefined;
}

/** Whether `value` passes the check of a key field (no exception). */
export function isLedgerKey(value: string, field: 'deliveryKey' | 'reference'): boolean {
  return keyProblem(value, ledgerLimits[field], false) === undefined;
}

/** Whether a reference (in NFC) is one the ledger can key by. */
export function isReferenceKey(reference: string): boolean {
  return isLedgerKey(normalizeReference(reference), 'reference');
}

/** A key field checked against its limit; a `ValidationError` exception naming the field when it fails. */
export function checkLedgerKey(
  operation: string,
  field: Exclude<keyof typeof ledgerLimits, 'note' | 'durationMs' | 'limit'>,
  value: unknown,
  allowEmpty = false,
): string {
  const problem = keyProblem(value, ledgerLimits[field], allowEmpty);
  if (problem !== undefined) refuse(operation, field, `${field} ${problem}`);
  return value as string;
}

/** A reference in the form the ledger keys it by: Unicode NFC. */
export function normalizeReference(reference: string): string {
  return reference.normalize('NFC');
}

/** An intent key checked and normalized (reference in NFC); every ledger method taking a key uses it. */
export function checkIntentKey(operation: string, key: IntentKey): IntentKey {
  const provider = checkLedgerKey(operation, 'provider', key?.provider);
  const scope = checkLedgerKey(operation, 'scope', key.scope, true);
  const reference = checkLedgerKey(
    operation,
    'reference',
    typeof key.reference === 'string' ? normalizeReference(key.reference) : key.reference,
  );
  return { provider, scope, reference };
}

/** A duration or count: a finite integer from 0 to its limit. */
export function checkLedgerNumber(
  operation: string,
  field: string,
  value: unknown,
  max: number = ledgerLimits.durationMs,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    refuse(operation, field, `${field} must be an integer from 0 to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Free text the ledger keeps (a note, an error message): any characters, cut to {@link ledgerLimits.note}. */
export function ledgerNote(text: string): string {
  const value = String(text);
  return value.length <= ledgerLimits.note ? value : `${value.slice(0, ledgerLimits.note - 1)}…`;
}

/**
 * An observation checked before it is written. Provider and link id are keys
 * and must pass their checks. Scope and reference: the caller's (a key) are
 * checked; a reference that only the provider's body gave and that is no
 * valid key (too long, a control character) is not used as a key, and stays
 * in `body`, where the ledger keeps every provider value.
 */
export function checkObservation(operation: string, observation: LinkObservation): LinkObservation {
  if (typeof observation !== 'object' || observation === null) {
    refuse(operation, 'observation', 'observation must be an object');
  }
  checkLedgerKey(operation, 'provider', observation.provider);
  checkLedgerKey(operation, 'linkId', observation.linkId);
  const status = observation.status as { unified?: unknown; raw?: unknown } | undefined;
  if (typeof status?.unified !== 'string' || typeof status.raw !== 'string') {
    refuse(operation, 'status', 'status must be a LinkStatus ({ unified, raw })');
  }
  const { scope, reference, ...rest } = observation;
  if (scope !== undefined) checkLedgerKey(operation, 'scope', scope, true);
  const normalized = typeof reference === 'string' ? normalizeReference(reference) : undefined;
  const usable = normalized !== undefined && isLedgerKey(normalized, 'reference');
  return {
    ...rest,
    ...(scope !== undefined ? { scope } : {}),
    ...(usable ? { reference: normalized } : {}),
  };
}

const intentStates: ReadonlyArray<unknown> = ['pending', 'created', 'needs_attention'];

function checkProviders(operation: string, providers: ReadonlyArray<string> | undefined): void {
  if (providers === undefined) return;
  if (!Array.isArray(providers)) refuse(operation, 'providers', 'providers must be an array of adapter ids');
  for (const provider of providers) checkLedgerKey(operation, 'provider', provider);
}

const owner = (op: string, value: unknown) => checkLedgerKey(op, 'owner', value);
const lease = (op: string, field: string, value: unknown) => checkLedgerNumber(op, field, value);
const limit = (op: string, value: unknown) => checkLedgerNumber(op, 'limit', value, ledgerLimits.limit);

// What every claim carries: who, for how long, how many, and (some) which providers.
function checkClaim(
  op: string,
  claim: { owner: string; leaseMs: number; limit: number; providers?: ReadonlyArray<string> },
): void {
  owner(op, claim.owner);
  lease(op, 'leaseMs', claim.leaseMs);
  limit(op, claim.limit);
  checkProviders(op, claim.providers);
}

/**
 * Wraps a ledger implementation so that every method checks its input
 * against {@link ledgerLimits} (and puts references in NFC) before the
 * implementation sees it: nothing invalid is ever written, and the error is
 * a `ValidationError` exception naming the field, the same from every
 * ledger. `createMemoryLedger` and `createPostgresLedger` both return their
 * implementation through it; a ledger of your own should too.
 */
export function withLedgerChecks<Tx>(ledger: Ledger<Tx>): Ledger<Tx> {
  const checked: Ledger<Tx> = {
    ...checkedIntentMethods(ledger),
    ...checkedLinkMethods(ledger),
    ...checkedFulfilmentMethods(ledger),
    counts: () => ledger.counts(),
  };
  return rejectingRefusals(checked);
}

function checkedIntentMethods<Tx>(ledger: Ledger<Tx>) {
  const key = checkIntentKey;
  return {
    claimIntent(request) {
      const op = 'claimIntent';
      const checked = key(op, request);
      checkLedgerKey(op, 'idempotencyKey', request.idempotencyKey);
      checkLedgerKey(op, 'fingerprint', request.fingerprint, true);
      return ledger.claimIntent({
        ...request,
        ...checked,
        owner: owner(op, request.owner),
        leaseMs: lease(op, 'leaseMs', request.leaseMs),
      });
    },
    completeIntent: (k, link) =>
      ledger.completeIntent(key('completeIntent', k), checkObservation('completeIntent', link)),
    releaseIntent: (k, o) => ledger.releaseIntent(key('releaseIntent', k), owner('releaseIntent', o)),
    abandonIntent: (k, o) =>
      ledger.abandonIntent(key('abandonIntent', k), o === undefined ? undefined : owner('abandonIntent', o)),
    flagIntent: (k, o, note) =>
      ledger.flagIntent(key('flagIntent', k), owner('flagIntent', o), ledgerNote(note)),
    intent: (k) => ledger.intent(key('intent', k)),
    intents(query = {}) {
      const op = 'intents';
      if (query.state !== undefined && !intentStates.includes(query.state)) {
        refuse(op, 'state', `state must be one of ${intentStates.join(', ')}`);
      }
      if (query.provider !== undefined) checkLedgerKey(op, 'provider', query.provider);
      if (query.limit !== undefined) limit(op, query.limit);
      return ledger.intents(query);
    },
    claimLapsedIntents(claim) {
      checkClaim('claimLapsedIntents', claim);
      return ledger.claimLapsedIntents(claim);
    },
  } satisfies Partial<Ledger<Tx>>;
}

function checkedLinkMethods<Tx>(ledger: Ledger<Tx>) {
  return {
    link: (provider, linkId) =>
      ledger.link(checkLedgerKey('link', 'provider', provider), checkLedgerKey('link', 'linkId', linkId)),
    linkByReference: (k) => ledger.linkByReference(checkIntentKey('linkByReference', k)),
    seen: (deliveryKey) => ledger.seen(checkLedgerKey('seen', 'deliveryKey', deliveryKey)),
    observe(observation, options) {
      const op = 'observe';
      const checked = checkObservation(op, observation);
      if (options?.deliveryKey !== undefined) checkLedgerKey(op, 'deliveryKey', options.deliveryKey);
      if (options?.retentionMs !== undefined) lease(op, 'retentionMs', options.retentionMs);
      return ledger.observe(checked, options);
    },
    claimStaleLinks(claim) {
      checkClaim('claimStaleLinks', claim);
      lease('claimStaleLinks', 'staleAfterMs', claim.staleAfterMs);
      return ledger.claimStaleLinks(claim);
    },
    purgeDeliveries: (n) => ledger.purgeDeliveries(n === undefined ? undefined : limit('purgeDeliveries', n)),
  } satisfies Partial<Ledger<Tx>>;
}

function checkedFulfilmentMethods<Tx>(ledger: Ledger<Tx>) {
  const id = (op: string, value: unknown) => checkLedgerKey(op, 'fulfilmentId', value);
  return {
    claimFulfilments(claim) {
      checkClaim('claimFulfilments', claim);
      return ledger.claimFulfilments(claim);
    },
    completeFulfilment(fid, o, work) {
      const op = 'completeFulfilment';
      if (typeof work !== 'function') refuse(op, 'work', 'work must be a function');
      return ledger.completeFulfilment(id(op, fid), owner(op, o), work);
    },
    failFulfilment: (fid, o, error, retryInMs) =>
      ledger.failFulfilment(
        id('failFulfilment', fid),
        owner('failFulfilment', o),
        ledgerNote(error),
        lease('failFulfilment', 'retryInMs', retryInMs),
      ),
  } satisfies Partial<Ledger<Tx>>;
}

// A refused input rejects the returned promise, as every other failure of a ledger method does.
function rejectingRefusals<Tx>(checked: Ledger<Tx>): Ledger<Tx> {
  return Object.fromEntries(
    Object.entries(checked).map(([name, method]: [string, (...args: unknown[]) => Promise<unknown>]) => [
      name,
      (...args: unknown[]) => {
        try {
          return method(...args);
        } catch (error) {
          return Promise.reject(error);
        }
      },
    ]),
  ) as unknown as Ledger<Tx>;
}
