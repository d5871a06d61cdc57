import { conomy, conomyCheckoutToken } from '@paylinks/conomy';
import { startConomySimulator } from '@paylinks/conomy/simulator';
import {
  checkCreate,
  checkPortableCreateInput,
  currencies,
  fromProvider,
  type PaymentLinks,
  type PortableCreateInput,
  portableLatestExpiresAt,
  portableMinExpirySeconds,
  refusedFields,
} from '@paylinks/core';
import { resolveExpiry } from '@paylinks/core/adapter';
import { ManualClock, type ProviderSimulator } from '@paylinks/testing';
import { costplus } from '@paylinks/costplus';
import { startCostplusSimulator } from '@paylinks/costplus/simulator';
import { hsaProvider } from '@paylinks/hsa-provider';
import { startHsaSimulator } from '@paylinks/hsa-provider/simulator';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Issue 12: one PortableCreateInput is accepted by every shipped adapter. Random portable
// inputs are created on the three simulators (one clock for all three); none may be refused.

const clock = new ManualClock(new Date('2026-01-15T12:00:00Z'));
const now = clock.now();
let sims: ProviderSimulator[] = [];
let clients: PaymentLinks[] = [];

beforeAll(async () => {
  const costplusSim = await startCostplusSimulator({ clock });
  const conomySim = await startConomySimulator({ clock });
  const hsaSim = await startHsaSimulator({ clock, rateLimitPerMinute: 100_000 });
  sims = [costplusSim, conomySim, hsaSim];
  clients = [
    fromProvider(costplus(costplusSim.adapterSettings())),
    fromProvider(conomy(conomySim.adapterSettings())),
    fromProvider(hsaProvider(hsaSim.adapterSettings())),
  ];
});

afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
});

const text = (min: number, max: number) =>
  fc
    .string({ minLength: min, maxLength: max, unit: 'grapheme' })
    .filter((s) => s.length <= max && (min === 0 || s.trim() !== ''));

const url = fc.webUrl({ validSchemes: ['https', 'http'] }).filter((u) => u.length <= 2048);

const latestSeconds = Math.floor((portableLatestExpiresAt.getTime() - now.getTime()) / 1000);
const seconds = fc.integer({ min: portableMinExpirySeconds, max: latestSeconds });
const expiry = fc.oneof(
  fc.constant({}),
  seconds.map((s) => ({ expiresIn: s })),
  seconds.map((s) => ({ expiresIn: `PT${s}S` })),
  fc.integer({ min: 1, max: Math.floor(latestSeconds / 86_400) }).map((d) => ({ expiresIn: `P${d}D` })),
  seconds.map((s) => ({ expiresAt: new Date(now.getTime() + s * 1000).toISOString() })),
);

const customer = fc.record(
  {
    email: fc.emailAddress().filter((e) => e.length <= 254),
    firstName: text(0, 255),
    lastName: text(0, 255),
  },
  { requiredKeys: [] },
);

let runs = 0;
const portableInput: fc.Arbitrary<PortableCreateInput> = fc
  .record({
    reference: text(1, 240),
    amount: fc.record({
      amount: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      currency: fc.constantFrom(...currencies.keys()),
    }),
    description: text(1, 1000),
    successUrl: url,
    failureUrl: fc.option(url, { nil: undefined }),
    customer: fc.option(customer, { nil: undefined }),
    expiry,
  })
  .map(({ failureUrl, customer: payer, expiry: when, reference, ...rest }) => ({
    ...rest,
    // Unique per run: Conomy keeps one link per checkoutToken, and a token derives from the reference.
    reference: `${(runs += 1)}-${reference}`,
    ...(failureUrl !== undefined ? { failureUrl } : {}),
    ...(payer !== undefined ? { customer: payer } : {}),
    ...when,
  }));

describe('PortableCreateInput on every shipped adapter', () => {
  it('declares no requirement or refusal that a portable input would break', () => {
    const portableRequired = ['reference', 'amount', 'description', 'successUrl'];
    const portableOptional = ['failureUrl', 'expiresIn', 'expiresAt', 'customer'];
    for (const client of clients) {
      const caps = client.capabilities;
      for (const path of caps.requires) {
        const top = path.split('.')[0] as string;
        // A nested requirement under a field portable inputs never carry asks nothing of them.
        expect(
          portableRequired.includes(top) || !portableOptional.includes(top),
          `${client.id} requires ${path}`,
        ).toBe(true);
      }
      for (const path of refusedFields(caps)) {
        expect([...portableRequired, ...portableOptional], `${client.id} refuses ${path}`).not.toContain(
          path,
        );
      }
      expect(caps.minExpirySeconds ?? 0).toBeLessThanOrEqual(portableMinExpirySeconds);
    }
  });

  it('creates an open link from random portable inputs on all three simulators: 0 refusals', async () => {
    const refusals: string[] = [];
    await fc.assert(
      fc.asyncProperty(portableInput, async (input) => {
        expect(checkPortableCreateInput(input, now)).toEqual({ ok: true, input });
        expect(
          checkCreate(
            input,
            clients.map((c) => c.provider),
            { now },
          ),
        ).toEqual({ ok: true, input });
        const asked = resolveExpiry(input, now);
        for (const client of clients) {
          const created = await client.te.create(input)();
          if (E.isLeft(created)) {
            refusals.push(`${client.id}: ${created.left._tag}: ${created.left.message}`);
            return false;
          }
          const link = created.right;
          expect(link.status.unified).toBe('open');
          expect(link.amount).toEqual(input.amount);
          const hashed = client.id === 'conomy' && conomyCheckoutToken(input.reference).startsWith('sha256-');
          if (!hashed) expect(link.reference).toBe(input.reference);
          if (E.isRight(asked) && asked.right !== undefined) {
            // Providers keep whole seconds (Cost+ and Conomy send a duration).
            expect(Math.abs((link.expiresAt?.getTime() ?? 0) - asked.right.expiresAt.getTime())).toBeLessThan(
              1000,
            );
          } else {
            expect(link.expiresAt).toBeInstanceOf(Date);
          }
        }
        return true;
      }),
      { numRuns: 60 },
    );
    expect(refusals).toEqual([]);
    for (const sim of sims) expect(sim.stats().linksCreated, sim.provider).toBe(60);
  });
});
