import { fromProvider } from '@paylinks/core';
import { costplus } from '@paylinks/costplus';
import { startCostplusSimulator, type CostplusSimulator } from '@paylinks/costplus/simulator';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';

import { canaries } from './support/canaries.js';
import { faultRunSettings } from './support/fault-model.js';
import { faultRunTest } from './support/fault-suite.js';

// Issue 7, part 1, for Cost+: no idempotency keys, no list, no lookup by
// reference. A create whose answer is lost is an ambiguous NetworkError; the
// honest policy is never to retry it blindly but to reconcile first, and the
// only place to look is out of band (the Cost+ dashboard; here the
// simulator's link store stands in for it).

const idsFor = (sim: CostplusSimulator, reference: string) =>
  sim.linkIds().filter((id) => sim.link(id)?.['merchant_order_id'] === reference);

const provider = async (sim: CostplusSimulator, timeoutMs: number = faultRunSettings.timeoutMs) =>
  fromProvider(
    costplus({
      apiKey: canaries.costplus.apiKey,
      baseUrl: sim.baseUrl,
      now: sim.clock.fn,
      ...faultRunSettings,
      timeoutMs,
    }),
  );

const input = (reference: string) => ({
  reference,
  amount: { amount: 995, currency: 'EUR' },
  description: `Invoice ${reference}`,
  expiresIn: 'P7D',
  successUrl: 'https://shop.example/thanks',
});

let blind: Record<string, number> = {};

describe('faults: Cost+', () => {
  faultRunTest(
    'costplus',
    0xc057,
    async () => {
      const sim = await startCostplusSimulator({ apiKey: canaries.costplus.apiKey });
      const client = await provider(sim);
      return {
        close: () => sim.close(),
        driver: {
          provider: 'costplus',
          sim,
          client,
          ops: { create: 25, get: 65, 'get-missing': 10 },
          createInput: input,
          idempotentCreates: false,
          createdStatus: 'new',
          reconcile: {
            how: 'out of band: Cost+ has no list or lookup by reference, so the merchant checks its dashboard before retrying (the simulator link store stands in for it)',
            find: async (reference) => E.right(idsFor(sim, reference)[0]),
          },
          truth: {
            idsFor: (reference) => idsFor(sim, reference),
            status: (id) => sim.link(id)?.['status'] as string | undefined,
          },
        },
      };
    },
    () => ({ blindRetry: blind }),
    (f) => {
      expect(f.creates.ambiguous).toBeGreaterThan(0);
      expect(f.creates.reconciledFound).toBeGreaterThan(0);
      expect(f.creates.reconciledAbsentThenRetried).toBeGreaterThan(0);
    },
  );

  it('why the policy exists: a blind retry of a create whose answer was lost makes a second link', async () => {
    const sim = await startCostplusSimulator({ apiKey: canaries.costplus.apiKey });
    try {
      // No fault here waits: a per-try timeout for a loaded machine, so the second create's answer is read.
      const client = await provider(sim, 10_000);
      const creates = 10;
      let ambiguous = 0;
      for (let i = 0; i < creates; i++) {
        sim.faults.inject({ kind: 'drop-after' });
        const first = await client.te.create(input(`blind-${i}`))();
        if (E.isLeft(first) && first.left._tag === 'NetworkError' && first.left.ambiguous) ambiguous += 1;
        const again = await client.te.create(input(`blind-${i}`))();
        expect(E.isRight(again)).toBe(true);
      }
      blind = { intended: creates, ambiguous, created: sim.stats().linksCreated };
      expect(ambiguous).toBe(creates);
      expect(sim.stats().linksCreated).toBe(2 * creates);
    } finally {
      await sim.close();
    }
  });
});
