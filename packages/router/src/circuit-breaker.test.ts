import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';

import { networkError, providerError, rateLimitError, validationError } from '@paylinks/core/adapter';
import { ManualClock } from '@paylinks/testing';
import {
  createCircuitBreaker,
  decodeHealthSettings,
  defaultHealthSettings,
  healthOutcome,
  type BreakerTransition,
  type HealthSettings,
} from './circuit-breaker.js';

function breaker(settings: HealthSettings = {}) {
  const clock = new ManualClock(new Date('2026-03-01T12:00:00Z'));
  const transitions: BreakerTransition[] = [];
  const b = createCircuitBreaker('conomy', { ...defaultHealthSettings, ...settings }, clock.fn, (t) =>
    transitions.push(t),
  );
  const moves = () => transitions.map((t) => `${t.from}->${t.to}`);
  return { b, clock, transitions, moves };
}

describe('circuit breaker', () => {
  it('opens when the failure ratio over the window reaches the threshold, not before minCalls', () => {
    const { b, moves } = breaker({ minCalls: 4, failureRatio: 0.5, windowSize: 10 });
    b.record('failure');
    b.record('failure');
    b.record('failure');
    expect(b.snapshot()).toMatchObject({ state: 'closed', calls: 3, failures: 3, failureRatio: 1 });
    b.record('success');
    expect(b.snapshot().state).toBe('open');
    expect(moves()).toEqual(['closed->open']);
  });

  it('stays closed while failures stay under the ratio', () => {
    const { b } = breaker({ minCalls: 4, failureRatio: 0.5 });
    for (let i = 0; i < 30; i++) b.record(i % 3 === 2 ? 'failure' : 'success');
    expect(b.snapshot()).toMatchObject({ state: 'closed', calls: 20, transitions: 0 });
  });

  it('forgets outcomes older than the window and beyond its size', () => {
    const { b, clock } = breaker({ minCalls: 3, windowMs: 10_000, windowSize: 4 });
    b.record('failure');
    b.record('failure');
    clock.advance(10_000);
    b.record('failure');
    expect(b.snapshot()).toMatchObject({ state: 'closed', calls: 1 });
    for (let i = 0; i < 4; i++) b.record('success');
    b.record('failure');
    expect(b.snapshot()).toMatchObject({ state: 'closed', calls: 4, failures: 1 });
  });

  it('skips while open, lets one probe through after openMs, and closes on its success', () => {
    const { b, clock, moves, transitions } = breaker({ minCalls: 2, openMs: 5_000 });
    b.record('failure');
    b.record('failure');
    expect(b.tryAcquire()).toBeUndefined();
    expect(b.snapshot().retryAt).toEqual(new Date('2026-03-01T12:00:05Z'));
    clock.advance(4_999);
    expect(b.tryAcquire()).toBeUndefined();
    clock.advance(1);
    const probe = b.tryAcquire();
    expect(probe?.probe).toBe(true);
    expect(b.snapshot()).toMatchObject({ state: 'half-open', probesInFlight: 1 });
    expect(b.tryAcquire()).toBeUndefined(); // one probe at a time
    probe?.record('success');
    probe?.record('failure'); // a permit records once
    expect(b.snapshot()).toMatchObject({ state: 'closed', calls: 0 });
    expect(b.tryAcquire()?.probe).toBe(false);
    expect(moves()).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
    expect(transitions[0]?.reason).toBe('2 of 2 calls failed (ratio 1.00 >= 0.50)');
    expect(transitions[1]?.at).toEqual(new Date('2026-03-01T12:00:05Z'));
  });

  it('opens again when a probe fails, and waits a full open period', () => {
    const { b, clock, moves } = breaker({ minCalls: 1, openMs: 1_000, halfOpenProbes: 2 });
    b.record('failure');
    clock.advance(1_000);
    const first = b.tryAcquire();
    const second = b.tryAcquire();
    expect([first?.probe, second?.probe]).toEqual([true, true]);
    expect(b.tryAcquire()).toBeUndefined();
    first?.record('failure');
    second?.record('success'); // arrived after the breaker reopened: ignored
    expect(b.snapshot()).toMatchObject({ state: 'open', retryAt: new Date('2026-03-01T12:00:02Z') });
    expect(moves()).toEqual(['closed->open', 'open->half-open', 'half-open->open']);
  });

  it('frees a probe slot on a neutral outcome without deciding anything', () => {
    const { b, clock } = breaker({ minCalls: 1, openMs: 1_000 });
    b.record('failure');
    clock.advance(1_000);
    b.tryAcquire()?.record('neutral');
    expect(b.snapshot()).toMatchObject({ state: 'half-open', probesInFlight: 0 });
    expect(b.tryAcquire()?.probe).toBe(true);
  });

  it('classifies outcomes: provider trouble fails, refusals are neutral', () => {
    expect(healthOutcome(undefined)).toBe('success');
    expect(healthOutcome(providerError({ message: '503', httpStatus: 503 }))).toBe('failure');
    expect(healthOutcome(networkError({ message: 'timeout', ambiguous: true, code: 'ETIMEDOUT' }))).toBe(
      'failure',
    );
    expect(healthOutcome(networkError({ message: 'aborted', ambiguous: true, code: 'ABORTED' }))).toBe(
      'neutral',
    );
    expect(healthOutcome(rateLimitError({ message: '429' }))).toBe('failure');
    expect(healthOutcome(validationError({ message: 'bad', field: 'amount' }))).toBe('neutral');
  });

  it('checks its settings', () => {
    expect(decodeHealthSettings(undefined)).toEqual(E.right(defaultHealthSettings));
    expect(decodeHealthSettings({ openMs: 1000 })).toEqual(
      E.right({ ...defaultHealthSettings, openMs: 1000 }),
    );
    const bad = decodeHealthSettings({ failureRatio: 1.5 });
    expect(E.isLeft(bad) && bad.left.field).toBe('health.failureRatio');
  });
});
