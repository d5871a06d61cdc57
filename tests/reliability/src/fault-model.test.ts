import type { SimulatorFault } from '@paylinks/testing';
import { describe, expect, it } from 'vitest';

import {
  answeredTries,
  predict,
  sameAnswers,
  unplannedTimeout,
  unplannedTimeoutVariants,
  withUnplannedTimeouts,
  type Prediction,
} from './support/fault-model.js';

const longRateLimit: SimulatorFault = { kind: 'status', status: 429, retryAfterSeconds: 5 };
const get = { mayRetry: true, postWithoutKey: false };

/** The predictions of the variants that line up with which tries were answered. */
const explanations = (faults: ReadonlyArray<SimulatorFault>, answered: ReadonlyArray<boolean>) =>
  unplannedTimeoutVariants(faults, answered)
    .map((variant) => ({ variant, p: predict(variant, get) }))
    .filter(({ variant, p }) => sameAnswers(answeredTries(variant, p), answered))
    .map(({ p }): Prediction => p);

describe('fault model: outcomes a busy machine explains', () => {
  it('a try that took a long 429 but whose deadline passed first: the retry answers (the fault is used up)', () => {
    // CI under load: the simulator answered 429 Retry-After 5 s, the client's deadline fired 127 ms late
    // before reading it, the GET was retried and answered 200. Only inserting timeouts never explained it.
    const ok = (p: Prediction) => p.kind === 'answer';
    expect(
      withUnplannedTimeouts([longRateLimit])
        .map((v) => predict(v, get))
        .some(ok),
    ).toBe(false);
    expect(explanations([longRateLimit], [false, true]).some(ok)).toBe(true);
  });

  it('does not explain a boundary that retried the long 429 it read', () => {
    // Both tries answered: the first read the 429, so a retry would be the boundary's fault.
    expect(explanations([longRateLimit], [true, true])).toEqual([]);
    expect(explanations([longRateLimit], [true])).toEqual([
      { kind: 'error', tag: 'RateLimitError', tries: 1, ambiguous: false },
    ]);
  });

  it('matches as many timeouts as the client saw, each either before or in place of a planned fault', () => {
    const burst: SimulatorFault[] = [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 502 },
      { kind: 'status', status: 503 },
    ];
    // Four tries, none answered: every one timed out, whichever faults they took.
    expect(explanations(burst, [false, false, false, false])).toContainEqual({
      kind: 'error',
      tag: 'NetworkError',
      tries: 4,
      ambiguous: false,
    });
    // A planned drop meets an unanswered try as itself, not as an unplanned timeout.
    const variants = unplannedTimeoutVariants([{ kind: 'drop' }], [false, true]);
    expect(variants).toContainEqual([{ kind: 'drop' }]);
    expect(variants.every((v) => v.length <= 2)).toBe(true);
    expect(unplannedTimeoutVariants([], [false, true])).toEqual([[unplannedTimeout]]);
  });
});
