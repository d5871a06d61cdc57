import type { PaymentLinkError } from '@paylinks/core';
import { timeBudgetMs } from '@paylinks/testing';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { callBudgetMs, runFaults, type FaultDriver, type FaultRunFigures } from './fault-run.js';
import { recordResult, type ProviderId } from './results.js';

/** Counts unhandled promise rejections while a file runs. */
export function trackUnhandledRejections(): { count(): number; reasons: unknown[] } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => void reasons.push(reason);
  beforeAll(() => void process.on('unhandledRejection', listener));
  afterAll(() => void process.off('unhandledRejection', listener));
  return { count: () => reasons.length, reasons };
}

/** At least this many operations per adapter (issue 7: 1,000). */
export const operationsPerRun = 1_000;

/**
 * The run is split across this many simulator instances running side by side,
 * each with its own fault queue (so each fault still meets the request it was
 * injected for): timeouts wait in parallel and the file stays fast.
 */
export const shards = 8;

/** Adds two runs' figures: counts add up, the slowest call is the slower one, texts are kept. */
export function mergeFigures(a: unknown, b: unknown, key = ''): unknown {
  if (typeof a === 'number' && typeof b === 'number')
    return key.startsWith('slowest') ? Math.max(a, b) : a + b;
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [k, v] of Object.entries(b as Record<string, unknown>))
      out[k] = k in out ? mergeFigures(out[k], v, k) : v;
    return out;
  }
  return a ?? b;
}

/**
 * Registers the seeded fault run of one adapter: `setup` starts the
 * simulator and builds the driver; the test checks the run's figures and
 * records them (with `extra` figures from other tests of the file).
 */
export function faultRunTest(
  provider: ProviderId,
  seed: number,
  setup: () => Promise<{ driver: FaultDriver; close: () => Promise<void> }>,
  extra: () => Record<string, unknown> = () => ({}),
  checks: (figures: FaultRunFigures) => void = () => undefined,
): void {
  const unhandled = trackUnhandledRejections();
  let figures: FaultRunFigures | undefined;
  afterAll(() => {
    if (figures !== undefined)
      recordResult({
        section: 'faults',
        subject: provider,
        figures: { ...figures, unhandledRejections: unhandled.count(), ...extra() },
      });
  });

  const name = `${provider}: ${operationsPerRun.toLocaleString('en')} seeded operations under injected faults`;
  it(name, { timeout: runBudgetMs }, async () => {
    const started = Date.now();
    const runs = await Promise.all(Array.from({ length: shards }, () => setup()));
    // Warm up each client, fault-free, before its run (token, sockets, first-call compilation): a cold first
    // call on a busy machine can outlast the 250 ms per-try timeout and would read as a fault that was never injected.
    // Each until it gets its answer: a warm-up that timed out can leave work behind (a token renewal still
    // on its way) that the run's first quiesce would cut off.
    const untilAnswered = async (call: () => Promise<E.Either<PaymentLinkError, unknown>>) => {
      for (let i = 0; i < 10; i++) {
        const result = await call();
        if (E.isRight(result) || result.left._tag !== 'NetworkError') return;
      }
    };
    await Promise.all(
      runs.map(async ({ driver }, i) => {
        await untilAnswered(() => driver.client.te.get('warm-up')());
        await untilAnswered(() =>
          driver.client.te.create(driver.createInput(`${provider}-warm-up-${seed}-${i}`))(),
        );
      }),
    );
    try {
      const results = await Promise.all(
        runs.map(({ driver }, i) =>
          runFaults(driver, { seed: seed + i, operations: operationsPerRun / shards }),
        ),
      );
      const f = results.map((r) => r.figures).reduce((a, b) => mergeFigures(a, b) as FaultRunFigures);
      figures = {
        ...f,
        seed,
        durationMs: Date.now() - started,
        // A list as text: results.json holds no arrays, so Prettier (which checks the whole tree) reads it as written.
        ...({ shards, seeds: results.map((r) => r.figures.seed).join(', ') } as object),
      } as FaultRunFigures;
      if (process.env['RELIABILITY_DEBUG'] !== undefined) console.log(JSON.stringify(figures));
      expect(results.flatMap((r) => r.problems).slice(0, 15)).toEqual([]);
      expect(results.flatMap((r) => r.audit.leaks)).toEqual([]);
      expect(f.watchdogBreaches).toBe(0);
      expect(f.untypedFailures).toBe(0);
      expect(f.predictionMismatches).toBe(0);
      // Timeouts nobody injected come from a busy machine: how many depends on the load (3-8% of operations at
      // load average 15-30 on 2 cores), so no share is asserted. What would be a defect is checked per try by
      // the run: each is matched to a try the client saw unanswered, and each waited the whole per-try timeout.
      expect(f.links.created).toBe(f.links.intended);
      expect(f.links.referencesWithOneLink).toBe(f.links.intended);
      expect(f.operations).toBeGreaterThanOrEqual(1_000);
      // Every kind of fault the issue names was injected, and most faults were taken by a request.
      for (const kind of ['500', 'drop', 'drop-after', `timeout`, '429 Retry-After'])
        expect(Object.keys(f.faultsInjected).some((k) => k.includes(kind))).toBe(true);
      expect(f.faultsApplied).toBeGreaterThan(0);
      expect(f.readsSucceeded).toBeGreaterThan(0);
      expect(f.readsTypedErrors).toBeGreaterThan(0);
      checks(f);
    } finally {
      await Promise.all(runs.map(({ close }) => close()));
    }
    expect(unhandled.reasons).toEqual([]);
  });
}

/**
 * The shards run side by side, so a run takes as long as one shard's
 * operations one after the other. Each gets a whole retried call's
 * watchdog budget (every try timing out, every backoff at its longest):
 * measured, an operation takes 80-120 ms on average on a loaded machine.
 */
const runBudgetMs = timeBudgetMs({
  cases: operationsPerRun / shards,
  perCaseMs: callBudgetMs(1),
  fixedMs: 20_000,
});
