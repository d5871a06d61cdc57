import { createThroughTarget, hostileRedirectUrls, probeSimulator, submitCheckout } from '@paylinks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startHsaSimulator, type HsaSimulator } from './index.js';

let sim: HsaSimulator;
beforeAll(async () => {
  sim = await startHsaSimulator();
});
afterAll(() => sim.close());

describe('HSA/FSA simulator under hostile requests', () => {
  it('answers every malformed request with a 4xx or 5xx and still creates links afterwards', async () => {
    expect((await probeSimulator(sim)).problems).toEqual([]);
  });

  it.each(hostileRedirectUrls)(
    'redirects the payer to a success or cancel URL holding $name, encoded',
    async (c) => {
      const target = await sim.hostileTarget();
      const urls = { success_url: c.url, cancel_url: c.url };
      const declined = (await createThroughTarget(sim.baseUrl, target, urls)).json as { url: string };
      expect(await submitCheckout(declined.url, 'failure')).toEqual({ status: 303, location: c.location });
      const paid = (await createThroughTarget(sim.baseUrl, target, urls)).json as { url: string };
      expect(await submitCheckout(paid.url, 'success')).toEqual({ status: 303, location: c.location });
    },
  );
});
