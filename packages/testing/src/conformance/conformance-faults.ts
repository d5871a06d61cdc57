// The conformance scenarios for every error tag, through the simulator's fault injection.
import { beforeAll, describe, expect, it } from 'vitest';

import type { PaymentLinks } from '@paylinks/core';
import type { PaymentLink } from '@paylinks/core/adapter';
import { expectLeft, expectRight } from '../expect-either.js';

import type { ConformanceSuite } from './conformance-suite.js';

/** The link the fault cases read and a client that does not retry, made once for all of them. */
interface FaultTarget {
  link: PaymentLink;
  plain: PaymentLinks;
}

/** Every error tag the provider can produce, through the simulator's fault injection. */
export function describeFaults(suite: ConformanceSuite): void {
  describe('faults', () => {
    const target = {} as FaultTarget;
    beforeAll(async () => {
      target.link = await suite.create();
      target.plain = suite.noRetry();
      await expectRight(target.plain.te.get(target.link.id)); // warms up auth tokens and sockets
    });
    describeAnsweredFaults(suite, target);
    describeUnansweredFaults(suite, target);
  });
}

// Faults where the provider answers: an HTTP status.
function describeAnsweredFaults(suite: ConformanceSuite, target: FaultTarget): void {
  it('turns a 5xx into a retryable ProviderError', async () => {
    suite.sim.faults.inject({ kind: 'status', status: 503 });
    const error = await expectLeft(target.plain.te.get(target.link.id), 'ProviderError');
    expect(error).toMatchObject({ httpStatus: 503, retryable: true, provider: suite.sim.provider });
  });

  it('retries a read through a burst of 5xx', async () => {
    suite.sim.faults.inject({ kind: 'status', status: 502 }, 2);
    const fetched = await expectRight(suite.client.te.get(target.link.id));
    expect(fetched.id).toBe(target.link.id);
  });

  it('turns a 429 into a RateLimitError with the delay', async () => {
    suite.sim.faults.inject({ kind: 'status', status: 429, retryAfterSeconds: 7 });
    const error = await expectLeft(target.plain.te.get(target.link.id), 'RateLimitError');
    expect(error).toMatchObject({ retryAfterMs: 7000, retryable: true, httpStatus: 429 });
  });

  it('turns a 403 into a PermissionError', async () => {
    suite.sim.faults.inject({ kind: 'status', status: 403 });
    await expectLeft(target.plain.te.get(target.link.id), 'PermissionError');
  });
}

// Faults where no usable answer comes: dropped, slow or unreadable.
function describeUnansweredFaults(suite: ConformanceSuite, target: FaultTarget): void {
  it('turns a dropped connection into a NetworkError', async () => {
    suite.sim.faults.inject({ kind: 'drop' });
    const error = await expectLeft(target.plain.te.get(target.link.id), 'NetworkError');
    expect(error).toMatchObject({ ambiguous: false, retryable: true });
  });

  it('marks a create that lost its answer as ambiguous, with the key to retry with where there is one', async () => {
    suite.sim.faults.inject({ kind: 'drop' });
    const error = await expectLeft(target.plain.te.create(suite.input()), 'NetworkError');
    expect(error).toMatchObject({ ambiguous: true });
    if (target.plain.capabilities.idempotency) {
      // The same key again: the provider replays, it never makes a second link.
      const key = error._tag === 'NetworkError' ? error.idempotencyKey : undefined;
      expect(key).toBeTypeOf('string');
      const before = suite.sim.stats().linksCreated;
      const same = suite.input();
      const first = await expectRight(target.plain.te.create(same, { idempotencyKey: `k-${key}` }));
      const again = await expectRight(target.plain.te.create(same, { idempotencyKey: `k-${key}` }));
      expect(again.id).toBe(first.id);
      expect(suite.sim.stats().linksCreated).toBe(before + 1);
    }
  });

  it('gives up on a slow answer with a timeout', async () => {
    const slow = suite.clientWith({ retry: { maxRetries: 0 }, timeoutMs: 150 });
    await expectRight(slow.te.get(target.link.id));
    suite.sim.faults.inject({ kind: 'delay', ms: 1000 });
    const error = await expectLeft(slow.te.get(target.link.id), 'NetworkError');
    expect(error).toMatchObject({ code: 'ETIMEDOUT' });
  });

  it('turns an unreadable answer into a DecodeError', async () => {
    suite.sim.faults.inject({ kind: 'malformed' });
    await expectLeft(target.plain.te.get(target.link.id), 'DecodeError');
  });
}
