// Unified statuses, their raw provider value, and the state machine (transitions, advanceStatus).
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

import { conflictError, type ConflictError } from './errors.js';

/**
 * The unified status vocabulary.
 *
 * | unified | meaning |
 * |---|---|
 * | `draft` | exists, not yet payable |
 * | `open` | payable now |
 * | `processing` | a payment attempt is under way |
 * | `paid` | paid; final |
 * | `expired` | past its expiry; final |
 * | `failed` | every allowed attempt failed; final |
 * | `cancelled` | withdrawn by the merchant; final |
 * | `unknown` | a raw value this version does not know |
 */
export const UnifiedStatus = t.keyof(
  {
    draft: null,
    open: null,
    processing: null,
    paid: null,
    expired: null,
    failed: null,
    cancelled: null,
    unknown: null,
  },
  'UnifiedStatus',
);
/** One of the unified statuses; see {@link UnifiedStatus}. */
export type UnifiedStatus = t.TypeOf<typeof UnifiedStatus>;

/** Every unified status, in lifecycle order. */
export const unifiedStatuses: ReadonlyArray<UnifiedStatus> = Object.keys(
  UnifiedStatus.keys,
) as UnifiedStatus[];

/**
 * A link's status: the unified value, the provider's raw value (never
 * dropped), and the provider's reason where it gives one.
 */
export const LinkStatus = t.intersection(
  [t.type({ unified: UnifiedStatus, raw: t.string }), t.partial({ reason: t.string })],
  'LinkStatus',
);
/**
 * A link's status: the unified value, the provider's raw value (never
 * dropped), and the provider's reason where it gives one.
 *
 * @example
 * if (link.status.unified === 'paid') fulfil(link.reference)
 */
export interface LinkStatus {
  /** The status in paylinks' vocabulary: `draft`, `open`, `processing`, `paid`, `expired`, `failed`, `cancelled`, or `unknown` for a raw value this version does not know. */
  unified: UnifiedStatus;
  /** The provider's own value, as it came (`new`, `completed`, `ACTIVE`). */
  raw: string;
  /** Why, where the provider says (a cancellation or failure reason). */
  reason?: string;
}

/** Builds a {@link LinkStatus}, leaving `reason` out when there is none. */
export function linkStatus(unified: UnifiedStatus, raw: string, reason?: string | null): LinkStatus {
  return reason === undefined || reason === null || reason === ''
    ? { unified, raw }
    : { unified, raw, reason };
}

const finals: ReadonlySet<UnifiedStatus> = new Set(['paid', 'expired', 'failed', 'cancelled']);

/** Whether a status is final: `paid`, `expired`, `failed`, `cancelled`. */
export function isFinal(status: UnifiedStatus | LinkStatus): boolean {
  return finals.has(typeof status === 'string' ? status : status.unified);
}

/** Whether the payer can pay now (`open`). A `processing` link is busy with an attempt. */
export function isPayable(status: UnifiedStatus | LinkStatus): boolean {
  return (typeof status === 'string' ? status : status.unified) === 'open';
}

/**
 * The legal transitions. Every status may stay where it is (a repeated
 * event). Non-final statuses move freely among themselves and into any final
 * one; `unknown` may move anywhere because we do not know where it stands.
 * Out of a final status the only move is to `paid` from `expired`, `failed`
 * or `cancelled`: a capture that completes after the link closed is money
 * received and must not be hidden. Nothing leaves `paid`.
 */
export const transitions: Readonly<Record<UnifiedStatus, ReadonlyArray<UnifiedStatus>>> = {
  draft: ['draft', 'open', 'processing', 'paid', 'expired', 'failed', 'cancelled', 'unknown'],
  open: ['open', 'draft', 'processing', 'paid', 'expired', 'failed', 'cancelled', 'unknown'],
  processing: ['processing', 'open', 'paid', 'expired', 'failed', 'cancelled', 'unknown'],
  paid: ['paid'],
  expired: ['expired', 'paid'],
  failed: ['failed', 'paid'],
  cancelled: ['cancelled', 'paid'],
  unknown: ['unknown', 'draft', 'open', 'processing', 'paid', 'expired', 'failed', 'cancelled'],
};

/** Whether moving from `from` to `to` is legal; see {@link transitions}. */
export function canTransition(from: UnifiedStatus, to: UnifiedStatus): boolean {
  return transitions[from].includes(to);
}

/**
 * Applies a transition. An illegal one (out of a final status) is refused
 * with a {@link ConflictError}: an out-of-order event cannot un-pay a link.
 */
export function transition(current: LinkStatus, next: LinkStatus): E.Either<ConflictError, LinkStatus> {
  if (canTransition(current.unified, next.unified)) return E.right(next);
  return E.left(
    conflictError({
      message: `status ${current.unified} (${current.raw}) cannot move to ${next.unified} (${next.raw})`,
      currentStatus: current.raw,
    }),
  );
}

/**
 * Folds a newer observation into the status you hold: the newer one when the
 * move is legal, otherwise the current one. Use it when events may arrive
 * late, twice or out of order.
 */
export function advanceStatus(current: LinkStatus | undefined, next: LinkStatus): LinkStatus {
  if (current === undefined) return next;
  return canTransition(current.unified, next.unified) ? next : current;
}
