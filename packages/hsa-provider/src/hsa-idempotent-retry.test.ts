import { ManualClock } from '@paylinks/testing';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { hsaProvider } from './hsa-provider.js';
import { startHsaSimulator, type HsaSimulator } from './simulator/index.js';

let sim: HsaSimulator;

beforeEach(async () => {
  sim = await startHsaSimulator({ clock: new ManualClock(new Date('2026-02-25T14:30:00Z')) });
});
afterEach(async () => {
  await sim.close();
});

const input = {
  reference: 'inv-77',
  amount: { amount: 4995, currency: 'USD' },
  description: 'Premium Blood Pressure Monitor',
  lineItems: [{ id: 'BP-MONITOR-001', name: 'Blood Pressure Monitor', quantity: 1, unitAmount: 4995 }],
  successUrl: 'https://yoursite.com/success',
  cancelUrl: 'https://yoursite.com/cancel',
};

describe('a create retried through failures', () => {
  it('makes exactly one link when answers are lost before and after the provider did the work', async () => {
    const provider = hsaProvider({
      ...sim.adapterSettings(),
      timeoutMs: 300,
      retry: { maxRetries: 4, baseDelayMs: 1, maxDelayMs: 20 },
    });
    sim.faults.inject({ kind: 'drop' }); // try 1: connection dropped before processing
    sim.faults.inject({ kind: 'status', status: 503 }); // try 2: 503 before processing
    sim.faultsAfterProcessing.inject({ kind: 'status', status: 503 }); // try 3: link made, answer replaced by a 503
    sim.faultsAfterProcessing.inject({ kind: 'drop' }); // try 4: replayed, but the answer never comes (timeout)

    const result = await provider.create(input)();

    if (E.isLeft(result)) throw new Error(`${result.left._tag}: ${result.left.message}`);
    expect(sim.stats().linksCreated).toBe(1);
    expect(sim.links().map((l) => l['id'])).toEqual([result.right.id]);
    expect(sim.idempotentReplays()).toBe(2);
    expect(sim.stats().apiRequests).toBe(5);
    expect(sim.events().filter((e) => e.type === 'payment_link.created')).toHaveLength(1);
    expect(result.right).toMatchObject({ reference: 'inv-77', status: { unified: 'open', raw: 'active' } });
  });

  it('replays the same link when the caller retries the call with its own key', async () => {
    const provider = hsaProvider({ ...sim.adapterSettings(), retry: { maxRetries: 0 } });
    const idempotencyKey = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
    sim.faultsAfterProcessing.inject({ kind: 'status', status: 500 });
    const lost = await provider.create(input, { idempotencyKey })();
    expect(E.isLeft(lost) && lost.left._tag).toBe('ProviderError');
    const again = await provider.create(input, { idempotencyKey })();
    expect(E.isRight(again)).toBe(true);
    expect(sim.stats().linksCreated).toBe(1);
  });

  it('replays a keyed create retried by another process a minute later, when no expiry is given', async () => {
    // The ledger's case: process A's answer is lost; process B, whose clock reads a minute later, retries
    // with the intent's key. No expires_at is sent (the provider defaults to 15 days), so both bodies match.
    const idempotencyKey = '5f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
    const processA = hsaProvider({ ...sim.adapterSettings(), retry: { maxRetries: 0 } });
    const laterClock = () => new Date(sim.clock.now().getTime() + 60_000);
    const processB = hsaProvider({ ...sim.adapterSettings(), now: laterClock, retry: { maxRetries: 0 } });
    sim.faultsAfterProcessing.inject({ kind: 'status', status: 500 });
    const lost = await processA.create(input, { idempotencyKey })();
    expect(E.isLeft(lost) && lost.left._tag).toBe('ProviderError');
    const retried = await processB.create(input, { idempotencyKey })();
    if (E.isLeft(retried)) throw new Error(`${retried.left._tag}: ${retried.left.message}`);
    expect(sim.stats().linksCreated).toBe(1);
    expect(sim.idempotentReplays()).toBe(1);
    // The provider's own default, counted from when it made the link.
    expect(retried.right.expiresAt).toEqual(new Date(sim.clock.now().getTime() + 15 * 86_400_000));
  });

  it('refuses the same key for a different create with a ConflictError', async () => {
    const provider = hsaProvider({ ...sim.adapterSettings(), retry: { maxRetries: 0 } });
    const idempotencyKey = '4f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
    await provider.create(input, { idempotencyKey })();
    const other = await provider.create({ ...input, reference: 'inv-78' }, { idempotencyKey })();
    expect(E.isLeft(other) && other.left).toMatchObject({
      _tag: 'ConflictError',
      httpStatus: 409,
      providerCode: 'conflict',
    });
    expect(sim.stats().linksCreated).toBe(1);
  });
});
