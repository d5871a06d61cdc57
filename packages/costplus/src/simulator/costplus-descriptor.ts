// costplusDescriptor: Cost+ described for the CLI registry and the shared suites.
import type { AdapterDescriptor } from '@paylinks/testing';

import { costplus, costplusCapabilities, type CostplusSettings } from '../index.js';
import { startCostplusSimulator } from './costplus-simulator.js';

/** Cost+ for tools and shared suites: adapter, simulator and the facts they need. */
export const costplusDescriptor: AdapterDescriptor<'costplus', CostplusSettings, typeof costplus> = {
  id: 'costplus',
  displayName: 'Cost+',
  adapter: costplus,
  capabilities: costplusCapabilities,
  offlineSettings: { apiKey: 'paylinks-check' },
  extraSettings: [],
  startSimulator: (options = {}) => {
    const { heavyTraffic: _heavyTraffic, ...rest } = options;
    return startCostplusSimulator(rest);
  },
  providerFor: (sim, overrides = {}) =>
    costplus({ ...sim.adapterSettings(), ...overrides } as unknown as CostplusSettings),
  sampleInput: (reference) => ({
    reference,
    amount: { amount: 1995, currency: 'EUR' },
    description: `Order ${reference}`,
    successUrl: 'https://merchant.example/paid',
    failureUrl: 'https://merchant.example/failed',
  }),
  webhookRouting: 'per-link',
};
