// hsaDescriptor: the HSA/FSA provider described for the CLI registry and the shared suites.
import { defineDescriptor, type AdapterDescriptor } from '@paylinks/testing';

import { hsaCapabilities, hsaProvider, type HsaSettings } from '../index.js';
import { startHsaSimulator } from './hsa-simulator.js';

/** The HSA/FSA provider for tools and shared suites: adapter, simulator and the facts they need. */
export const hsaDescriptor: AdapterDescriptor<'hsa-provider', HsaSettings, typeof hsaProvider> =
  defineDescriptor({
    id: 'hsa-provider',
    displayName: 'HSA/FSA provider',
    adapter: hsaProvider,
    capabilities: hsaCapabilities,
    offlineSettings: { apiKey: 'paylinks-check' },
    extraSettings: ['webhookSecret'],
    // The documented 100 requests a minute would turn a suite's run into a rate-limit test.
    start: startHsaSimulator,
    heavyTrafficOptions: { rateLimitPerMinute: 1_000_000 },
    sampleInput: (reference) => ({
      reference,
      amount: { amount: 1995, currency: 'USD' },
      description: `Order ${reference}`,
      successUrl: 'https://merchant.example/paid',
      failureUrl: 'https://merchant.example/failed',
    }),
    webhookRouting: 'account',
  });
