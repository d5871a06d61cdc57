import { descriptors } from '@paylinks/cli';
import { hostileRequests, probeSimulator, timeBudgetMs } from '@paylinks/testing';
import { afterAll, describe, expect, it } from 'vitest';

import { recordResult } from './support/results.js';

// Issue 11, finding 5: a simulator answers every request, however malformed,
// with a 4xx or 5xx and keeps running. Each simulator gets core's whole list of
// hostile raw requests (malformed targets, path tricks, bad and huge headers,
// bodies that are not JSON, absurd Content-Length, requests abandoned half-way),
// then a valid create that must still succeed. Every adapter in the CLI's registry is probed.

const figures: Record<string, Record<string, unknown>> = {};
// The list's length does not depend on the target. Measured: 8 ms a request on a loaded machine.
const requestCount = hostileRequests({
  createPath: '/',
  linkPath: (id) => `/${id}`,
  createBody: '{}',
  headers: {},
}).length;
const timeout = timeBudgetMs({ cases: requestCount + 1, perCaseMs: 200 });

const title = 'hostile requests to each simulator: a 4xx or 5xx each, and the simulator serves on';
describe(title, { timeout }, () => {
  afterAll(() => {
    for (const [subject, f] of Object.entries(figures))
      recordResult({ section: 'hostile-simulator', subject, figures: f });
  });

  for (const { id: provider, startSimulator } of descriptors) {
    it(`${provider}: every hostile request refused, then a normal create`, async () => {
      const sim = await startSimulator();
      try {
        const probe = await probeSimulator(sim);
        figures[provider] = {
          malformedRequestsSent: probe.sent,
          answeredByStatus: probe.byStatus,
          abandonedByTheClient: probe.closedEarly,
          problems: probe.problems.length,
          createAfterwards: probe.createAfterwards,
        };
        expect(probe.problems).toEqual([]);
        expect(probe.closedEarly).toBeGreaterThan(0);
      } finally {
        await sim.close();
      }
    });
  }
});
