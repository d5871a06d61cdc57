import { conomy } from '@paylinks/conomy';
import { startConomySimulator, type ConomySimulator } from '@paylinks/conomy/simulator';
import type { CreatePaymentLinkInput, PaymentLinkProvider } from '@paylinks/core';
import type { RouteRule } from '@paylinks/router';
import { costplus } from '@paylinks/costplus';
import { startCostplusSimulator, type CostplusSimulator } from '@paylinks/costplus/simulator';
import { hsaProvider } from '@paylinks/hsa-provider';
import { startHsaSimulator, type HsaSimulator } from '@paylinks/hsa-provider/simulator';

import { providers, type ProviderId } from './results.js';

/** The boundary settings of routed runs: short timeouts and small backoff, so faults cost little time. */
export interface RoutedSettings {
  readonly timeoutMs: number;
  readonly retry: { readonly maxRetries: number; readonly baseDelayMs: number; readonly maxDelayMs: number };
}

/** The three simulators, an adapter on each, and the simulators' own count of links per reference. */
export interface RoutedWorld {
  readonly sims: {
    readonly costplus: CostplusSimulator;
    readonly conomy: ConomySimulator;
    readonly 'hsa-provider': HsaSimulator;
  };
  readonly providers: Readonly<Record<ProviderId, PaymentLinkProvider>>;
  /**
   * Links each simulator made, by reference, read from the simulators themselves (Cost+'s
   * store, Conomy's accepted creates, HSA's links), never from what the router reported.
   */
  linksByReference(): Map<string, Record<ProviderId, number>>;
  /** Drops every queued fault. */
  clearFaults(): void;
  close(): Promise<void>;
}

/** Starts the three simulators on loopback and builds an adapter on each. */
export async function startRoutedWorld(settings: RoutedSettings): Promise<RoutedWorld> {
  const [cp, co, hsa] = await Promise.all([
    startCostplusSimulator(),
    startConomySimulator(),
    // The default test-key limit (100 a minute) would turn a long run into a rate-limit test.
    startHsaSimulator({ rateLimitPerMinute: 1_000_000 }),
  ]);
  const built: Record<ProviderId, PaymentLinkProvider> = {
    // Cost+'s simulator types its settings loosely (issue 12 types them).
    costplus: costplus({ ...(cp.adapterSettings() as { apiKey: string }), ...settings }),
    conomy: conomy({ ...co.adapterSettings(), ...settings }),
    'hsa-provider': hsaProvider({ ...hsa.adapterSettings(), ...settings }),
  };
  const count = (map: Map<string, Record<ProviderId, number>>, reference: unknown, provider: ProviderId) => {
    if (typeof reference !== 'string') return;
    const row = map.get(reference) ?? { costplus: 0, conomy: 0, 'hsa-provider': 0 };
    row[provider] += 1;
    map.set(reference, row);
  };
  return {
    sims: { costplus: cp, conomy: co, 'hsa-provider': hsa },
    providers: built,
    linksByReference: () => {
      const map = new Map<string, Record<ProviderId, number>>();
      for (const id of cp.linkIds()) count(map, cp.link(id)?.['merchant_order_id'], 'costplus');
      for (const r of co.requests) {
        if (r.method === 'POST' && r.path.endsWith('/payment-links') && r.status === 201)
          count(map, (r.body as { checkoutToken?: unknown } | undefined)?.checkoutToken, 'conomy');
      }
      for (const link of hsa.links())
        count(
          map,
          (link['metadata'] as Record<string, unknown> | undefined)?.['paylinks_reference'],
          'hsa-provider',
        );
      return map;
    },
    clearFaults: () => {
      cp.faults.clear();
      co.faults.clear();
      hsa.faults.clear();
      hsa.faultsAfterProcessing.clear();
    },
    close: async () => {
      await Promise.all([cp.close(), co.close(), hsa.close()]);
    },
  };
}

/** The currency each provider is the first choice for. */
export const homeCurrency: Readonly<Record<ProviderId, string>> = {
  costplus: 'EUR',
  conomy: 'CLP',
  'hsa-provider': 'USD',
};

/** Routing by currency: each provider first for its currency, the other two behind it. */
export const currencyRules: ReadonlyArray<RouteRule> = providers.map((home) => ({
  name: `${homeCurrency[home].toLowerCase()}-to-${home}`,
  when: { currency: [homeCurrency[home]] },
  use: [home, ...providers.filter((p) => p !== home)],
}));

/** A create every provider takes (the Conomy checkout token is the reference). */
export function routedInput(reference: string, currency: string, amount: number): CreatePaymentLinkInput {
  return {
    reference,
    amount: { amount, currency },
    description: `Invoice ${reference}`,
    expiresIn: 'P1D',
    successUrl: 'https://shop.example/paid',
    failureUrl: 'https://shop.example/failed',
    providerOptions: { conomy: { checkoutToken: reference } },
  };
}
