import type { PaymentLinkErrorTag } from '@paylinks/core';
import type { SimulatorFault } from '@paylinks/testing';

/** The retry settings every fault run uses: small waits, so a run of 1,000 operations stays fast. */
export const faultRunSettings = {
  /** Per-try timeout: generous for loopback, short enough for delay faults to outlast it. */
  timeoutMs: 250,
  retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 50 },
} as const;

/** A delay fault answers this late: past the per-try timeout, so the client gives up first. */
export const delayMs = 400;

/** What a fault plan is expected to end in. */
export type Prediction =
  | { readonly kind: 'answer'; readonly tries: number }
  | {
      readonly kind: 'error';
      readonly tag: PaymentLinkErrorTag;
      readonly tries: number;
      /** For a POST without an idempotency key: the request may have reached the provider. */
      readonly ambiguous: boolean;
    };

/** How a request is sent: whether the boundary may retry it, and whether it is a POST without a key. */
export interface RequestShape {
  readonly mayRetry: boolean;
  readonly postWithoutKey: boolean;
  /** A POST with an idempotency key: a lost answer is ambiguous too (the error carries the key to retry with). */
  readonly keyedPost?: boolean;
}

/**
 * What core's HTTP boundary does with a run of faults, one per try, read off
 * its documented policy: GET/DELETE and keyed POSTs retry network failures,
 * 5xx and 429 (waiting Retry-After when it is no longer than `maxDelayMs`); a
 * POST without a key retries only a 429; 403 and malformed answers are final.
 * The suite compares every operation's actual outcome with this.
 */
export function predict(faults: ReadonlyArray<SimulatorFault>, shape: RequestShape): Prediction {
  const { maxRetries, maxDelayMs } = faultRunSettings.retry;
  const sideEffects = shape.postWithoutKey || shape.keyedPost === true;
  // The first try whose failure left open that a POST changed something: a later failure that proves
  // nothing (a 429, a 403, another 4xx) does not replace it (the boundary's provesNothing).
  let earlierAmbiguous: PaymentLinkErrorTag | undefined;
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    const fault = faults[attempt];
    if (fault === undefined) return { kind: 'answer', tries: attempt + 1 };
    let tag: PaymentLinkErrorTag;
    let retry: boolean;
    let ambiguous = false;
    switch (fault.kind) {
      case 'status':
        if (fault.status === 429) {
          tag = 'RateLimitError';
          const waitMs =
            fault.retryAfterSeconds !== undefined ? Math.ceil(fault.retryAfterSeconds * 1000) : 0;
          retry = waitMs <= maxDelayMs;
        } else if (fault.status >= 500) {
          tag = 'ProviderError';
          retry = shape.mayRetry && fault.status !== 501;
        } else {
          tag =
            fault.status === 403
              ? 'PermissionError'
              : fault.status === 404
                ? 'NotFoundError'
                : 'ProviderError';
          retry = false;
        }
        break;
      case 'malformed':
        tag = 'DecodeError';
        retry = false;
        break;
      case 'drop':
      case 'drop-after':
      case 'delay':
        tag = 'NetworkError';
        retry = shape.mayRetry;
        ambiguous = shape.postWithoutKey || shape.keyedPost === true;
        break;
    }
    const leftOpen =
      sideEffects &&
      (ambiguous ||
        (tag === 'ProviderError' && fault.kind === 'status' && fault.status >= 500) ||
        tag === 'DecodeError');
    if (!retry || attempt === maxRetries) {
      if (earlierAmbiguous !== undefined && !leftOpen && tag !== 'NotFoundError')
        return { kind: 'error', tag: earlierAmbiguous, tries: attempt + 1, ambiguous: true };
      return { kind: 'error', tag, tries: attempt + 1, ambiguous };
    }
    if (leftOpen) earlierAmbiguous ??= tag;
  }
  throw new Error('unreachable');
}

/** Short names for tallies. */
export function faultName(fault: SimulatorFault): string {
  switch (fault.kind) {
    case 'status':
      return fault.status === 429
        ? fault.retryAfterSeconds === undefined
          ? '429'
          : `429 Retry-After ${fault.retryAfterSeconds}s`
        : String(fault.status);
    case 'delay':
      return `timeout (answer ${fault.ms} ms late)`;
    default:
      return fault.kind;
  }
}

/**
 * The plan with up to `extra` unplanned timeouts inserted anywhere: what a
 * busy machine adds on its own (loopback answers have been seen to take
 * 800 ms when every core is taken). For an operation of several HTTP calls,
 * whose tries are not matched one by one ({@link unplannedTimeoutVariants}
 * is used for one call). An outcome only these variants explain is counted
 * as an unplanned timeout, not a mismatch.
 */
export function withUnplannedTimeouts(
  faults: ReadonlyArray<SimulatorFault>,
  extra = 2,
): ReadonlyArray<ReadonlyArray<SimulatorFault>> {
  let level: Array<ReadonlyArray<SimulatorFault>> = [faults];
  const all = new Map<string, ReadonlyArray<SimulatorFault>>();
  for (let i = 0; i < extra; i++) {
    const next: Array<ReadonlyArray<SimulatorFault>> = [];
    for (const plan of level) {
      for (let at = 0; at <= plan.length; at++) {
        const variant = [...plan.slice(0, at), unplannedTimeout, ...plan.slice(at)];
        const key = JSON.stringify(variant);
        if (!all.has(key)) {
          all.set(key, variant);
          next.push(variant);
        }
      }
    }
    level = next;
  }
  return [...all.values()];
}

/** The timeout a busy machine adds on its own: one object, so a variant's unplanned timeouts can be told from planned ones. */
export const unplannedTimeout: SimulatorFault = { kind: 'delay', ms: delayMs };

const transportFault = (fault: SimulatorFault | undefined): boolean =>
  fault?.kind === 'drop' || fault?.kind === 'drop-after' || fault?.kind === 'delay';

/**
 * Every way the plan's faults and unplanned timeouts can line up with the
 * tries a call made, given which of them got an HTTP answer (`answered`, as
 * the client's events told it). An answered try met the next planned fault
 * that answers (a status, a malformed body) or none; an unanswered one met
 * the next planned drop or delay, or an unplanned timeout that either left the
 * next planned fault for a later try (the request was not served in time) or
 * used it up (it was served, but the deadline passed before the answer was
 * read). Derived from what the client saw, with no bound on how many.
 */
export function unplannedTimeoutVariants(
  faults: ReadonlyArray<SimulatorFault>,
  answered: ReadonlyArray<boolean>,
): ReadonlyArray<ReadonlyArray<SimulatorFault>> {
  const out: Array<ReadonlyArray<SimulatorFault>> = [];
  const walk = (i: number, rest: ReadonlyArray<SimulatorFault>, met: ReadonlyArray<SimulatorFault>) => {
    if (i === answered.length) return void out.push([...met, ...rest]);
    const next = rest[0];
    if (answered[i] === true) {
      if (next === undefined) return void out.push(met);
      if (!transportFault(next)) walk(i + 1, rest.slice(1), [...met, next]);
      return;
    }
    if (next !== undefined && transportFault(next)) walk(i + 1, rest.slice(1), [...met, next]);
    walk(i + 1, rest, [...met, unplannedTimeout]);
    if (next !== undefined && !transportFault(next)) walk(i + 1, rest.slice(1), [...met, unplannedTimeout]);
  };
  walk(0, faults, []);
  return out;
}

/** Whether each try a plan predicts gets an HTTP answer (a dropped or timed-out one does not). */
export function answeredTries(
  faults: ReadonlyArray<SimulatorFault>,
  prediction: Prediction,
): ReadonlyArray<boolean> {
  return Array.from({ length: prediction.tries }, (_, i) => !transportFault(faults[i]));
}

/** Two tries-answered lists are the same. */
export const sameAnswers = (a: ReadonlyArray<boolean>, b: ReadonlyArray<boolean>): boolean =>
  a.length === b.length && a.every((answered, i) => answered === b[i]);
