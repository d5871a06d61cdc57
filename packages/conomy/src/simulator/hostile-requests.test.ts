import { createThroughTarget, hostileRedirectUrls, probeSimulator, submitCheckout } from '@paylinks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startConomySimulator, type ConomySimulator } from './index.js';

let sim: ConomySimulator;
beforeAll(async () => {
  sim = await startConomySimulator();
});
afterAll(() => sim.close());

describe('Conomy simulator under hostile requests', () => {
  it('answers every malformed request with a 4xx or 5xx and still creates links afterwards', async () => {
    expect((await probeSimulator(sim)).problems).toEqual([]);
  });

  it.each(hostileRedirectUrls)(
    'redirects the payer to a success or failed URL holding $name, encoded',
    async (c) => {
      const target = await sim.hostileTarget();
      const created = await createThroughTarget(sim.baseUrl, target, { successUrl: c.url, failedUrl: c.url });
      const link = created.json as { id: string; url: string };
      const activate = `${new URL(sim.baseUrl).origin}${target.linkPath(link.id)}/activate`;
      expect((await fetch(activate, { method: 'POST', headers: target.headers })).status).toBe(200);
      expect(await submitCheckout(link.url, 'failure')).toEqual({ status: 303, location: c.location });
      expect(await submitCheckout(link.url, 'success')).toEqual({ status: 303, location: c.location });
    },
  );
});
