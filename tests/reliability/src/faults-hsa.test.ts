import { fromProvider } from '@paylinks/core';
import { hsaProvider } from '@paylinks/hsa-provider';
import { startHsaSimulator, type HsaSimulator } from '@paylinks/hsa-provider/simulator';
import { describe, expect } from 'vitest';

import { canaries } from './support/canaries.js';
import { faultRunSettings } from './support/fault-model.js';
import { faultRunTest } from './support/fault-suite.js';

// Issue 7, part 1, for the HSA/FSA provider: idempotency keys. One key per
// logical create, reused on every retry (by the boundary and by the caller),
// so no fault (not even a dropped answer after the link was made, or a 5xx,
// malformed or lost answer after processing) can make a second link.

const idsFor = (sim: HsaSimulator, reference: string) =>
  sim
    .links()
    .filter(
      (l) => (l['metadata'] as Record<string, unknown> | undefined)?.['paylinks_reference'] === reference,
    )
    .map((l) => l['id'] as string);

describe('faults: HSA/FSA provider', () => {
  faultRunTest(
    'hsa-provider',
    0x45a,
    async () => {
      const sim = await startHsaSimulator({
        apiKey: canaries['hsa-provider'].apiKey,
        webhookSecret: canaries['hsa-provider'].webhookSecret,
        // The documented 100 requests a minute would turn the run into a rate-limit test.
        rateLimitPerMinute: 1_000_000,
      });
      const client = fromProvider(
        hsaProvider({
          apiKey: canaries['hsa-provider'].apiKey,
          webhookSecret: canaries['hsa-provider'].webhookSecret,
          baseUrl: sim.baseUrl,
          now: sim.clock.fn,
          ...faultRunSettings,
        }),
      );
      return {
        close: () => sim.close(),
        driver: {
          provider: 'hsa-provider',
          sim,
          client,
          ops: { create: 25, get: 35, 'get-missing': 5, list: 15, cancel: 20 },
          createInput: (reference) => ({
            reference,
            amount: { amount: 4995, currency: 'USD' },
            description: `Blood pressure monitor ${reference}`,
            expiresIn: 'P7D',
            successUrl: 'https://shop.example/thanks',
          }),
          idempotentCreates: true,
          createdStatus: 'active',
          cancellable: ['active'],
          faultsAfterProcessing: sim.faultsAfterProcessing,
          truth: {
            idsFor: (reference) => idsFor(sim, reference),
            status: (id) => sim.link(id)?.['status'] as string | undefined,
          },
        },
      };
    },
    () => ({}),
    (f) => {
      expect(f.creates.ambiguous).toBe(0);
      expect(f.creates.retriedWithSameKey).toBeGreaterThan(0);
      expect(f.creates.idempotentReplays).toBeGreaterThan(0);
      expect(Object.keys(f.faultsInjected).some((k) => k.startsWith('after processing'))).toBe(true);
    },
  );
});
