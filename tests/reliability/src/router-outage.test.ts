import {
  type AmbiguityEvent,
  type BreakerTransition,
  createRouter,
  type RouteOutcome,
} from '@paylinks/router';
import { ManualClock, type SimulatorFault } from '@paylinks/testing';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seeded } from './support/prng.js';
import { providers, recordResult, Tally, type ProviderId } from './support/results.js';
import {
  currencyRules,
  homeCurrency,
  routedInput,
  startRoutedWorld,
  type RoutedWorld,
} from './support/router-harness.js';

// Issue 16, proof: 1,000 creates routed by currency over the three simulators while Conomy fails
// hard for a stretch. Every create must end in exactly one link or one reported ambiguity, the
// breaker must open and close, and the figures per provider go to RELIABILITY.md.

const creates = 1_000;
/** Virtual time between two creates (the router's clock; a steady 10 creates a second). */
const stepMs = 100;
const settings = { timeoutMs: 250, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 20 } } as const;
/** A timeout fault answers this late (past the timeout), and does the work then. */
const lateMs = 300;
/**
 * Longer than a late answer's work takes (lateMs): on a busy machine the simulator may read the
 * request only as the client's timeout fires, and land it lateMs after that.
 */
const settleMs = 350;
const health = { windowSize: 20, windowMs: 10_000, minCalls: 5, failureRatio: 0.5, openMs: 2_000 };
const failing: ProviderId = 'conomy';

/**
 * Conomy's stretch, by create index: what each create sent to it meets (the queue is cleared
 * before every create, so a create that skips Conomy leaves nothing behind). The read path stays
 * up except in the ambiguous window, where reconcile's list pages fail on every try.
 */
const phases: ReadonlyArray<{
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly faults: (i: number) => ReadonlyArray<SimulatorFault>;
}> = [
  {
    name: 'ambiguous window: the create is made but its answer is lost, and reconcile fails (503 on every list try)',
    from: 300,
    to: 350,
    faults: () => [
      { kind: 'drop-after' },
      ...Array.from({ length: settings.retry.maxRetries + 1 }, () => ({
        kind: 'status' as const,
        status: 503,
      })),
    ],
  },
  {
    name: '5xx: every create answers 503 or 502',
    from: 350,
    to: 450,
    faults: (i) => [{ kind: 'status', status: i % 2 === 0 ? 503 : 502 }],
  },
  {
    name: 'drops: the connection closes before the create is read',
    from: 450,
    to: 525,
    faults: () => [{ kind: 'drop' }],
  },
  {
    name: `timeouts: the create answers ${lateMs} ms late (timeout ${settings.timeoutMs} ms) and is made then`,
    from: 525,
    to: 600,
    faults: () => [{ kind: 'delay', ms: lateMs }],
  },
];

let world: RoutedWorld;
beforeAll(async () => {
  world = await startRoutedWorld(settings);
});
afterAll(async () => {
  await world?.close();
});

describe('routing through an outage (issue 16)', () => {
  it(
    'ends every create in exactly one link or one reported ambiguity; the breaker opens and closes',
    async () => {
      const started = Date.now();
      const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
      const router = createRouter({
        providers: providers.map((id) => world.providers[id]),
        rules: currencyRules,
        health,
        now: clock.fn,
        ambiguity: { settleMs, keyedRetries: 2 },
      });
      const outcomes: RouteOutcome[] = [];
      const ambiguities: AmbiguityEvent[] = [];
      const transitions: Array<BreakerTransition & { readonly atCreate: number }> = [];
      let index = 0;
      router.on('routed', (o) => outcomes.push(o));
      router.on('ambiguity', (a) => ambiguities.push(a));
      router.on('breaker', (t) => transitions.push({ ...t, atCreate: index }));

      const prng = seeded(0x16_0ff);
      const currencies = providers.map((p) => homeCurrency[p]);
      const references: string[] = [];
      const faultsInjected = new Tally();
      for (index = 0; index < creates; index++) {
        const reference = `outage-${index}`;
        references.push(reference);
        world.clearFaults();
        const phase = phases.find((p) => index >= p.from && index < p.to);
        for (const fault of phase?.faults(index) ?? []) {
          world.sims[failing].faults.inject(fault);
          faultsInjected.add(fault.kind === 'status' ? `status ${fault.status}` : fault.kind);
        }
        const currency = prng.pick(currencies);
        const result = await router.te.create(routedInput(reference, currency, prng.int(100, 500_000)))();
        const outcome = outcomes[index];
        expect(outcome?.reference).toBe(reference);
        if (E.isRight(result)) expect(outcome?.linkId).toBe(result.right.id);
        clock.advance(stepMs);
      }
      world.clearFaults();

      // The simulators' own records, never the router's word: who holds a link for each reference.
      const held = world.linksByReference();
      const perProvider = Object.fromEntries(
        providers.map((id) => [
          id,
          {
            firstChoice: 0,
            createCalls: 0,
            linksMade: 0,
            failedOver: 0,
            blockedByAmbiguity: 0,
            skippedByBreaker: 0,
            ambiguities: new Tally(),
            breakerTransitions: new Tally(),
            linksHeld: 0,
          },
        ]),
      ) as Record<
        ProviderId,
        {
          firstChoice: number;
          createCalls: number;
          linksMade: number;
          failedOver: number;
          blockedByAmbiguity: number;
          skippedByBreaker: number;
          ambiguities: Tally;
          breakerTransitions: Tally;
          linksHeld: number;
        }
      >;
      const totals = new Tally();
      let violations = 0;
      let referencesWithTwoLinks = 0;
      for (const [i, reference] of references.entries()) {
        const outcome = outcomes[i] as RouteOutcome;
        totals.add(outcome.outcome);
        const first = currencyRules.find((r) => r.name === outcome.rule)?.use[0] as ProviderId;
        perProvider[first].firstChoice += 1;
        for (const a of outcome.attempts) {
          const p = perProvider[a.provider as ProviderId];
          if (a.result === 'skipped-by-breaker') p.skippedByBreaker += 1;
          else p.createCalls += 1;
          if (a.result === 'failed-over') p.failedOver += 1;
        }
        if (outcome.outcome === 'created') perProvider[outcome.provider as ProviderId].linksMade += 1;
        if (outcome.outcome === 'ambiguous')
          perProvider[outcome.provider as ProviderId].blockedByAmbiguity += 1;
        const row = held.get(reference) ?? { costplus: 0, conomy: 0, 'hsa-provider': 0 };
        const total = providers.reduce((n, id) => n + row[id], 0);
        if (total > 1) referencesWithTwoLinks += 1;
        const ok =
          outcome.outcome === 'created'
            ? total === 1 && row[outcome.provider as ProviderId] === 1
            : outcome.outcome === 'ambiguous'
              ? total <= 1 && providers.every((id) => id === outcome.provider || row[id] === 0)
              : false; // with two healthy providers behind every rule, no create may end without a link
        if (!ok) violations += 1;
      }
      for (const a of ambiguities)
        perProvider[a.provider as ProviderId].ambiguities.add(`${a.resolution} (${a.how})`);
      for (const t of transitions)
        perProvider[t.provider as ProviderId].breakerTransitions.add(`${t.from} -> ${t.to}`);
      for (const row of held.values()) for (const id of providers) perProvider[id].linksHeld += row[id];
      const ambiguousHeld = references.filter(
        (r, i) => outcomes[i]?.outcome === 'ambiguous' && (held.get(r)?.[failing] ?? 0) === 1,
      ).length;
      const opened = transitions.filter((t) => t.provider === failing && t.to === 'open');
      const closed = transitions.filter((t) => t.provider === failing && t.to === 'closed');

      recordResult({
        section: 'router-outage',
        subject: 'router',
        figures: {
          creates,
          stepMs,
          failing,
          phases: Object.fromEntries(phases.map((p) => [`creates ${p.from}-${p.to - 1}`, p.name])),
          stretch: { first: phases[0]?.from ?? -1, last: (phases.at(-1)?.to ?? 0) - 1 },
          settings: { ...settings, lateMs, settleMs, health },
          faultsInjected: faultsInjected.toJSON(),
          outcomes: totals.toJSON(),
          linksIntended: totals.get('created') + ambiguousHeld,
          linksCreated: [...held.values()].reduce(
            (n, row) => n + providers.reduce((m, id) => m + row[id], 0),
            0,
          ),
          ambiguousWhoseProviderHoldsTheLink: ambiguousHeld,
          referencesWithTwoLinks,
          violations,
          breaker: {
            firstOpenedAtCreate: opened[0]?.atCreate ?? -1,
            lastClosedAtCreate: closed.at(-1)?.atCreate ?? -1,
            finalState: router.health()[failing]?.state ?? 'none',
          },
          perProvider: Object.fromEntries(
            providers.map((id) => [
              id,
              {
                ...perProvider[id],
                ambiguities: perProvider[id].ambiguities.toJSON(),
                breakerTransitions: perProvider[id].breakerTransitions.toJSON(),
              },
            ]),
          ),
          durationMs: Date.now() - started,
        },
      });

      expect(violations).toBe(0);
      expect(referencesWithTwoLinks).toBe(0);
      expect(totals.get('failed')).toBe(0);
      expect(perProvider[failing].blockedByAmbiguity).toBeGreaterThan(0);
      expect(perProvider[failing].failedOver).toBeGreaterThan(0);
      expect(perProvider[failing].ambiguities.get('found (reconcile)')).toBeGreaterThan(0);
      expect(opened.length).toBeGreaterThan(0);
      expect(closed.length).toBeGreaterThan(0);
      expect(closed.at(-1)?.atCreate).toBeGreaterThanOrEqual(600);
      expect(router.health()[failing]?.state).toBe('closed');
      for (const id of providers.filter((p) => p !== failing))
        expect(perProvider[id].breakerTransitions.total()).toBe(0);
    },
    // Bounded by the work: 1,000 loopback creates, a few hundred ms per fault, 100 ms per settle.
    180_000,
  );
});
