import { conomy, type ConomySettings } from '@paylinks/conomy';
import { startConomySimulator } from '@paylinks/conomy/simulator';
import { createPaymentLinks, PaymentLinkException } from '@paylinks/core';
import { costplus, type CostplusSettings } from '@paylinks/costplus';
import { startCostplusSimulator } from '@paylinks/costplus/simulator';
import { hsaProvider, type HsaProviderSettings } from '@paylinks/hsa-provider';
import { startHsaSimulator } from '@paylinks/hsa-provider/simulator';
import { describe, expect, expectTypeOf, it } from 'vitest';

// Issue 12, section 4, with the shipped adapters: configurations are checked by the compiler
// against the adapters passed, and each simulator hands out its adapter's settings type.

const adapters = { costplus, conomy, 'hsa-provider': hsaProvider };

describe('shipped adapters at compile time', () => {
  it('refuse a misspelt Cost+ setting and a provider id outside the registry', () => {
    const misspelt = () =>
      createPaymentLinks(
        // @ts-expect-error `apikey` is not a Cost+ setting (`apiKey` is)
        { provider: 'costplus', costplus: { apikey: 'x' } },
        adapters,
      );
    const unknown = () =>
      createPaymentLinks(
        // @ts-expect-error stripe is not in the registry
        { provider: 'stripe', stripe: { apiKey: 'x' } },
        adapters,
      );
    expect(misspelt).toThrow(PaymentLinkException);
    expect(unknown).toThrow(PaymentLinkException);
    const links = createPaymentLinks(
      {
        provider: 'conomy',
        conomy: { apiKey: 'k', clientId: 'c', clientSecret: 's' },
        costplus: { apiKey: 'k' },
      },
      adapters,
    );
    expect(links.id).toBe('conomy');
  });

  it('refuse a setting the adapter lacks, also in settings built before the call', () => {
    const settings = { apiKey: 'k', baseURL: 'https://api.costplus.online/v1' };
    // @ts-expect-error baseURL is not a Cost+ setting (baseUrl is)
    expect(() => costplus(settings)).toThrow(
      /costplus\.baseURL is not a costplus setting; did you mean baseUrl\?/,
    );
    const hsa = { apiKey: 'k', webhookSecrets: ['s'] };
    // @ts-expect-error webhookSecrets is not an HSA setting (webhookSecret is)
    expect(() => hsaProvider(hsa)).toThrow(PaymentLinkException);
    expect(() =>
      // @ts-expect-error in a configuration as well
      createPaymentLinks({ provider: 'costplus', costplus: settings }, adapters),
    ).toThrow(PaymentLinkException);
  });

  it("hand out each simulator's settings as its adapter's settings type", async () => {
    const sims = [
      await startCostplusSimulator(),
      await startConomySimulator(),
      await startHsaSimulator(),
    ] as const;
    try {
      const [cp, co, hsa] = sims;
      expectTypeOf(cp.adapterSettings()).toExtend<CostplusSettings>();
      expectTypeOf(co.adapterSettings()).toExtend<ConomySettings>();
      expectTypeOf(hsa.adapterSettings()).toExtend<HsaProviderSettings>();
      // The documented one-liners compile as written, with no cast.
      expect(costplus(cp.adapterSettings()).id).toBe('costplus');
      expect(conomy(co.adapterSettings()).id).toBe('conomy');
      expect(hsaProvider(hsa.adapterSettings()).id).toBe('hsa-provider');
    } finally {
      await Promise.all(sims.map((s) => s.close()));
    }
  });
});
