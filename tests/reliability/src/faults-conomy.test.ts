import { conomy } from '@paylinks/conomy';
import { startConomySimulator, type ConomySimulator } from '@paylinks/conomy/simulator';
import { fromProvider } from '@paylinks/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';

import { canaries } from './support/canaries.js';
import { faultRunSettings } from './support/fault-model.js';
import { faultRunTest } from './support/fault-suite.js';

// Issue 7, part 1, for Conomy: no idempotency keys, but a list the adapter can
// walk. A create whose answer is lost is an ambiguous NetworkError; the
// client's reconcile(reference) walks the pages for the link whose
// checkoutToken is the reference before anything is retried. The run keeps
// creates to the one POST (`activate: false`): activation inside create is
// tested in the adapter's own suite.

const credentials = {
  apiKey: canaries.conomy.apiKey,
  clientId: canaries.conomy.clientId,
  clientSecret: canaries.conomy.clientSecret,
  webhookSecret: canaries.conomy.webhookSecret,
};

// The request log is this suite's ground truth for accepted creates and deletes: keep all of it.
const start = () => startConomySimulator({ ...credentials, logSize: Infinity });
const clientFor = (sim: ConomySimulator) =>
  fromProvider(conomy({ ...credentials, baseUrl: sim.baseUrl, now: sim.clock.fn, ...faultRunSettings }));

const input = (reference: string) => ({
  reference,
  amount: { amount: 49990, currency: 'CLP' },
  description: `Invoice ${reference}`,
  expiresIn: 'P1D',
  successUrl: 'https://shop.example/paid',
  failureUrl: 'https://shop.example/failed',
  providerOptions: { conomy: { checkoutToken: reference, activate: false } },
});

/** From the simulator's own request log: the creates it accepted for a checkoutToken, and the deletes it did. */
const accepted = (sim: ConomySimulator, reference: string) =>
  sim.requests
    .filter(
      (r) =>
        r.method === 'POST' &&
        r.path.endsWith('/payment-links') &&
        r.status === 201 &&
        (r.body as { checkoutToken?: unknown } | undefined)?.checkoutToken === reference,
    )
    .map(() => reference);
const deleted = (sim: ConomySimulator, id: string) =>
  sim.requests.some(
    (r) => r.method === 'DELETE' && r.path.endsWith(`/payment-links/${id}`) && r.status === 204,
  );

let blind: Record<string, number> = {};

describe('faults: Conomy', () => {
  faultRunTest(
    'conomy',
    0xc0de,
    async () => {
      const sim = await start();
      const client = clientFor(sim);
      return {
        close: () => sim.close(),
        driver: {
          provider: 'conomy',
          sim,
          client,
          ops: { create: 20, get: 30, 'get-missing': 5, list: 15, activate: 12, delete: 8, reconcile: 10 },
          createInput: input,
          idempotentCreates: false,
          createdStatus: 'ATTEMPT',
          activatable: ['ATTEMPT', 'ACTIVE'],
          deletable: ['ATTEMPT', 'EXPIRED'],
          reconcile: {
            how: 'client.reconcile(reference): the adapter walks the list pages for the link whose checkoutToken is the reference',
            find: async (reference) =>
              E.map((link?: { id: string }) => link?.id)(await client.te.reconcile(reference)()),
          },
          truth: {
            idsFor: (reference) => accepted(sim, reference),
            status: (id) => (deleted(sim, id) ? 'deleted' : (sim.link(id)?.['status'] as string | undefined)),
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

  it('a blind retry of a create whose answer was lost finds the first link by its unique checkoutToken (no second link)', async () => {
    const sim = await start();
    try {
      const client = clientFor(sim);
      await client.te.get('warm-up')();
      const creates = 10;
      let ambiguous = 0;
      let foundFirst = 0;
      for (let i = 0; i < creates; i++) {
        sim.faults.inject({ kind: 'drop-after' });
        const first = await client.te.create(input(`blind-${i}`))();
        if (E.isLeft(first) && first.left._tag === 'NetworkError' && first.left.ambiguous) ambiguous += 1;
        // Conomy refuses the token (13 alreadyExist); the adapter adopts the link it made for this sale.
        const again = await client.te.create(input(`blind-${i}`))();
        if (E.isRight(again) && again.right.reference === `blind-${i}`) foundFirst += 1;
      }
      blind = {
        intended: creates,
        ambiguous,
        foundFirst,
        created: sim.stats().linksCreated,
      };
      expect(ambiguous).toBe(creates);
      expect(foundFirst).toBe(creates);
      expect(sim.stats().linksCreated).toBe(creates);
    } finally {
      await sim.close();
    }
  });
});
