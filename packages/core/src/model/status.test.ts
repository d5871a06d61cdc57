import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';

import {
  advanceStatus,
  canTransition,
  isFinal,
  isPayable,
  linkStatus,
  transition,
  unifiedStatuses,
  type LinkStatus,
  type UnifiedStatus,
} from './status.js';

const finals: UnifiedStatus[] = ['paid', 'expired', 'failed', 'cancelled'];

describe('unified statuses', () => {
  it('knows which statuses are final and payable', () => {
    expect(unifiedStatuses).toEqual([
      'draft',
      'open',
      'processing',
      'paid',
      'expired',
      'failed',
      'cancelled',
      'unknown',
    ]);
    expect(unifiedStatuses.filter((s) => isFinal(s))).toEqual(finals);
    expect(unifiedStatuses.filter((s) => isPayable(s))).toEqual(['open']);
    expect(isFinal(linkStatus('paid', 'completed'))).toBe(true);
  });

  it('keeps the raw value and leaves an empty reason out', () => {
    expect(linkStatus('open', 'all_unsuccessful', 'Payment failed')).toEqual({
      unified: 'open',
      raw: 'all_unsuccessful',
      reason: 'Payment failed',
    });
    expect(linkStatus('unknown', 'refunded', null)).toEqual({ unified: 'unknown', raw: 'refunded' });
  });

  it('never lets anything leave paid, and lets the other final statuses move only to paid', () => {
    for (const to of unifiedStatuses) expect(canTransition('paid', to)).toBe(to === 'paid');
    for (const from of ['expired', 'failed', 'cancelled'] as const) {
      for (const to of unifiedStatuses) expect(canTransition(from, to)).toBe(to === from || to === 'paid');
    }
    for (const from of ['draft', 'open', 'processing', 'unknown'] as const) {
      for (const to of finals) expect(canTransition(from, to)).toBe(true);
    }
  });

  it('refuses an out-of-order event with a ConflictError that names both statuses', () => {
    const result = transition(linkStatus('paid', 'completed'), linkStatus('open', 'new'));
    expect(E.isLeft(result) && result.left).toMatchObject({
      _tag: 'ConflictError',
      currentStatus: 'completed',
    });
    expect(E.isRight(transition(linkStatus('open', 'new'), linkStatus('paid', 'completed')))).toBe(true);
  });

  it('never moves a final status back to a non-final one, whatever the event sequence', () => {
    const status = fc
      .tuple(fc.constantFrom(...unifiedStatuses), fc.string({ maxLength: 8 }))
      .map(([u, raw]): LinkStatus => ({ unified: u, raw: raw === '' ? u : raw }));
    fc.assert(
      fc.property(fc.array(status, { minLength: 1, maxLength: 40 }), (events) => {
        let current: LinkStatus | undefined;
        let reachedFinal = false;
        let reachedPaid = false;
        for (const event of events) {
          current = advanceStatus(current, event);
          if (reachedFinal) expect(isFinal(current)).toBe(true);
          if (reachedPaid) expect(current.unified).toBe('paid');
          reachedFinal ||= isFinal(current);
          reachedPaid ||= current.unified === 'paid';
        }
      }),
      { numRuns: 5000 },
    );
  });
});
