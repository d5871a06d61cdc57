// costplusDescriptor: Cost+ described for the CLI registry and the shared suites.
import { defineDescriptor, type AdapterDescriptor } from '@paylinks/testing';

import { costplus, costplusCapabilities, type CostplusSettings } from '../index.js';
import { startCostplusSimulator } from './costplus-simulator.js';

/** Cost+ for tools and shared suites: adapter, simulator and the facts they need. */
export const costplusDescriptor: AdapterDescriptor<'costplus', CostplusSettings, typeof costplus> =
  defineDescriptor({
    id: 'costplus',
    displayName: 'Cost+',
    adapter: costplus,
    capabilities: costplusCapabilities,
    offlineSettings: { apiKey: 'paylinks-check' },
    extraSettings: [],
    start: startCostplusSimulator,
    sampleInput: (reference) => ({
      reference,
      amount: { amount: 1995, currency: 'EUR' },
      description: `Order ${reference}`,
      successUrl: 'https://merchant.example/paid',
      failureUrl: 'https://merchant.example/failed',
    }),
    webhookRouting: 'per-link',
  });
