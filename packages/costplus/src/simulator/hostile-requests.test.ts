import { createThroughTarget, hostileRedirectUrls, probeSimulator, submitCheckout } from '@paylinks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startCostplusSimulator, type CostplusSimulator } from './index.js';

let sim: CostplusSimulator;
beforeAll(async () => {
  sim = await startCostplusSimulator();
});
afterAll(() => sim.close());

describe('Cost+ simulator under hostile requests', () => {
  it('answers every malformed request with a 4xx or 5xx and still creates links afterwards', async () => {
    expect((await probeSimulator(sim)).problems).toEqual([]);
  });

  it.each(hostileRedirectUrls)('redirects the payer to a return URL holding $name, encoded', async (c) => {
    const created = await createThroughTarget(sim.baseUrl, await sim.hostileTarget(), {
      return_url: c.url,
      failure_url: c.url,
    });
    const page = (created.json as { payment_url: string }).payment_url;
    expect(await submitCheckout(page, 'failure')).toEqual({ status: 303, location: c.location });
    expect(await submitCheckout(page, 'success')).toEqual({ status: 303, location: c.location });
  });
});
