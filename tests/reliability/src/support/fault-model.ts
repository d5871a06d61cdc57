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
    if (!retry || attempt === maxRetries) return { kind: 'error', tag, tries: attempt + 1, ambiguous };
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
 * 800 ms when every core is taken). An outcome only these variants explain
 * is counted as an unplanned timeout, not a mismatch.
 */
export function withUnplannedTimeouts(
  faults: ReadonlyArray<SimulatorFault>,
  extra = 2,
): ReadonlyArray<ReadonlyArray<SimulatorFault>> {
  const timeout: SimulatorFault = { kind: 'delay', ms: delayMs };
  let level: Array<ReadonlyArray<SimulatorFault>> = [faults];
  const all = new Map<string, ReadonlyArray<SimulatorFault>>();
  for (let i = 0; i < extra; i++) {
    const next: Array<ReadonlyArray<SimulatorFault>> = [];
    for (const plan of level) {
      for (let at = 0; at <= plan.length; at++) {
        const variant = [...plan.slice(0, at), timeout, ...plan.slice(at)];
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
