import { createRouter, type RouteOutcome } from '@paylinks/router';
import type { SimulatorFault } from '@paylinks/testing';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { recordResult, Tally, providers, type ProviderId } from './support/results.js';
import { currencyRules, routedInput, startRoutedWorld, type RoutedWorld } from './support/router-harness.js';

// Issue 16: the failover rule as a property. For random fault sequences on the three simulators,
// every routed create ends in exactly one link, or in one reported ambiguity whose provider is the
// only one that may hold a link; never two providers holding a link for one reference.

const settings = { timeoutMs: 80, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 10 } } as const;
/** A delay fault outlasts the timeout, then the simulator does the work anyway (a late landing). */
const lateMs = 120;
/**
 * Longer than a late answer's work takes (lateMs): on a busy machine the simulator may read the
 * request only as the client's timeout fires, and land it lateMs after that.
 */
const settleMs = 150;

const gateFaults = (refusals: ReadonlyArray<number>): fc.Arbitrary<SimulatorFault> =>
  fc.oneof(
    fc.constantFrom(500, 502, 503, 504).map((status) => ({ kind: 'status' as const, status })),
    fc.constant({ kind: 'status' as const, status: 429 }),
    fc.constant({ kind: 'status' as const, status: 429, retryAfterSeconds: 1 }),
    fc.constantFrom(...refusals).map((status) => ({ kind: 'status' as const, status })),
    fc.constant({ kind: 'drop' as const }),
    fc.constant({ kind: 'drop-after' as const }),
    fc.constant({ kind: 'delay' as const, ms: lateMs }),
    fc.constant({ kind: 'malformed' as const }),
  );
// A provider with idempotency keys refuses a body as invalid (400) after reading its key, and the
// same body the same way every time (README, "Routing": the router relies on it). A simulator's
// injected 400 comes before the key is read, so HSA meets 401s and 403s as gate refusals, not 400s.
const beforeWork: Readonly<Record<ProviderId, fc.Arbitrary<SimulatorFault>>> = {
  costplus: gateFaults([400, 401, 403]),
  conomy: gateFaults([400, 401, 403]),
  'hsa-provider': gateFaults([401, 403]),
};
const afterWork: fc.Arbitrary<SimulatorFault> = fc.oneof(
  fc.constantFrom(500, 503).map((status) => ({ kind: 'status' as const, status })),
  fc.constant({ kind: 'drop' as const }),
  fc.constant({ kind: 'delay' as const, ms: lateMs }),
  fc.constant({ kind: 'malformed' as const }),
);

/** One create of a run: its currency, and the faults each simulator meets from then on. */
const createPlan = fc.record({
  currency: fc.constantFrom('EUR', 'CLP', 'USD'),
  faults: fc.record({
    costplus: fc.array(beforeWork.costplus, { maxLength: 4 }),
    conomy: fc.array(beforeWork.conomy, { maxLength: 4 }),
    'hsa-provider': fc.array(beforeWork['hsa-provider'], { maxLength: 4 }),
  }),
  hsaAfterWork: fc.array(afterWork, { maxLength: 3 }),
});

let world: RoutedWorld;
let serial = 0;
const figures = {
  runs: 0,
  creates: 0,
  faultsInjected: 0,
  outcomes: new Tally(),
  attempts: new Tally(),
  violations: 0,
};

beforeAll(async () => {
  world = await startRoutedWorld(settings);
});
afterAll(async () => {
  await world?.close();
  recordResult({
    section: 'router-property',
    subject: 'router',
    figures: {
      runs: figures.runs,
      creates: figures.creates,
      faultsInjected: figures.faultsInjected,
      outcomes: figures.outcomes.toJSON(),
      attempts: figures.attempts.toJSON(),
      violations: figures.violations,
      settings: { ...settings, lateMs, settleMs },
    },
  });
});

describe('routed creates under random faults (property)', () => {
  it(
    'end in exactly one link or one reported ambiguity, never two providers holding a link for a reference',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(createPlan, { minLength: 1, maxLength: 5 }), async (plans) => {
          figures.runs += 1;
          // A fresh router per run: breakers start closed; the world (and its links) carries on.
          const router = createRouter({
            providers: providers.map((id) => world.providers[id]),
            rules: currencyRules,
            health: { minCalls: 3, failureRatio: 0.5, openMs: 60_000 },
            ambiguity: { settleMs, keyedRetries: 2 },
          });
          const outcomes: RouteOutcome[] = [];
          router.on('routed', (o) => outcomes.push(o));
          const references: string[] = [];
          for (const plan of plans) {
            serial += 1;
            const reference = `prop-${serial}`;
            references.push(reference);
            world.clearFaults();
            for (const id of providers)
              for (const fault of plan.faults[id]) world.sims[id].faults.inject(fault);
            for (const fault of plan.hsaAfterWork)
              world.sims['hsa-provider'].faultsAfterProcessing.inject(fault);
            figures.faultsInjected +=
              providers.reduce((n, id) => n + plan.faults[id].length, 0) + plan.hsaAfterWork.length;
            const result = await router.te.create(routedInput(reference, plan.currency, 12_345))();
            figures.creates += 1;
            const outcome = outcomes.at(-1);
            expect(outcome?.reference).toBe(reference);
            if (E.isRight(result))
              expect(outcome).toMatchObject({ outcome: 'created', linkId: result.right.id });
            else expect(outcome?.outcome).not.toBe('created');
          }
          world.clearFaults();
          const held = world.linksByReference();
          for (const [i, reference] of references.entries()) {
            const outcome = outcomes[i] as RouteOutcome;
            figures.outcomes.add(outcome.outcome);
            for (const a of outcome.attempts) figures.attempts.add(a.result);
            const row = held.get(reference) ?? { costplus: 0, conomy: 0, 'hsa-provider': 0 };
            const holders = providers.filter((id) => row[id] > 0);
            const total = providers.reduce((n, id) => n + row[id], 0);
            const ok =
              outcome.outcome === 'created'
                ? total === 1 && holders[0] === outcome.provider
                : outcome.outcome === 'ambiguous'
                  ? total <= 1 && holders.every((id: ProviderId) => id === outcome.provider)
                  : total === 0;
            if (!ok) figures.violations += 1;
            expect({ reference, outcome: outcome.outcome, provider: outcome.provider, row }).toEqual({
              reference,
              outcome: outcome.outcome,
              provider: outcome.provider,
              row: ok ? row : 'a violation of the failover rule',
            });
          }
        }),
        { numRuns: 40 },
      );
      expect(figures.violations).toBe(0);
    },
    // Bounded by the work: 40 runs of at most 5 creates, each at most a few timeouts and settles.
    240_000,
  );
});
