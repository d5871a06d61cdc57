import { type PaymentLinkProvider } from '@paylinks/core';
import { createRouter } from '@paylinks/router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { recordResult, Tally } from './support/results.js';
import { routedInput, startRoutedWorld, type RoutedWorld } from './support/router-harness.js';

// Issue 20, finding 10: keys Object.prototype has (`__proto__`, `constructor`, `toString`...) are
// data, never a lookup into the prototype: in rules' metadata conditions, in inputs, and as
// provider ids the router keys its providers, breakers and link ids by.

// Every name Object.prototype holds (12 on Node 20): each must read as an ordinary metadata key.
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
const settings = { timeoutMs: 2_000, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 10 } } as const;

let world: RoutedWorld;
let serial = 0;
const figures = { cases: new Tally(), wrongRoutes: 0 };

beforeAll(async () => {
  world = await startRoutedWorld(settings);
});
afterAll(async () => {
  await world?.close();
  recordResult({
    section: 'router-prototype-keys',
    subject: 'router',
    figures: {
      cases: figures.cases.toJSON(),
      total: figures.cases.total(),
      wrongRoutes: figures.wrongRoutes,
    },
  });
});

describe('router rules and provider ids named like Object.prototype members', () => {
  it.each(prototypeKeys)(
    'a metadata rule on %j (from JSON) sends an input without that key to the fallback, and one with it to the rule',
    async (key) => {
      const config = JSON.parse(
        `{"rules":[{"name":"flagged","when":{"metadata":{"${key}":true}},"use":["hsa-provider"]}],"fallback":["costplus"]}`,
      ) as { rules: []; fallback: [] };
      const router = createRouter({
        providers: [world.providers.costplus, world.providers['hsa-provider']],
        ...config,
      });
      // Cost+ takes no metadata: the inputs without the key have none, or an empty object.
      for (const metadata of [undefined, {}]) {
        const reference = `proto-${(serial += 1)}`;
        const input = {
          ...routedInput(reference, 'EUR', 1_000),
          ...(metadata !== undefined ? { metadata } : {}),
        };
        figures.cases.add('metadata-rule-without-key');
        expect(router.explain(input).order).toEqual(['costplus']);
        const link = await router.create(input);
        if (link.provider !== 'costplus') figures.wrongRoutes += 1;
        expect(link.provider).toBe('costplus');
      }
      const withKey = JSON.parse(`{"${key}":"yes"}`) as Record<string, string>;
      figures.cases.add('metadata-rule-with-key');
      expect(router.explain({ ...routedInput('x', 'USD', 1_000), metadata: withKey }).order).toEqual([
        'hsa-provider',
      ]);
    },
  );

  it.each(['__proto__', 'constructor', 'toString'])(
    'a provider whose id is %j is routed to, read back by its routed id, and has its own breaker',
    async (id) => {
      const renamed: PaymentLinkProvider = { ...world.providers.costplus, id };
      const router = createRouter({
        providers: [renamed, world.providers['hsa-provider']],
        rules: [{ name: 'euros', when: { currency: ['EUR'] }, use: [id, 'hsa-provider'] }],
      });
      figures.cases.add('provider-id');
      const link = await router.create(routedInput(`proto-id-${(serial += 1)}`, 'EUR', 1_000));
      expect(link.id.startsWith(`${id}:`)).toBe(true);
      expect((await router.get(link.id)).id).toBe(link.id);
      const health = router.health();
      expect(Object.hasOwn(health, id)).toBe(true);
      expect(health[id]).toMatchObject({ state: 'closed' });
      expect(Object.keys(health).sort()).toEqual([id, 'hsa-provider'].sort());
      // An id naming no provider of the router (a prototype member) is refused, not resolved.
      await expect(router.get('hasOwnProperty:x')).rejects.toMatchObject({
        error: { _tag: 'ValidationError' },
      });
    },
  );
});
