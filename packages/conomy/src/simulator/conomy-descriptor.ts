// conomyDescriptor: Conomy described for the CLI registry and the shared suites.
import { defineDescriptor, type AdapterDescriptor } from '@paylinks/testing';

import { conomy, conomyCapabilities, type ConomySettings } from '../index.js';
import { startConomySimulator } from './conomy-simulator.js';

/** Conomy for tools and shared suites: adapter, simulator and the facts they need. */
export const conomyDescriptor: AdapterDescriptor<'conomy', ConomySettings, typeof conomy> = defineDescriptor({
  id: 'conomy',
  displayName: 'Conomy',
  adapter: conomy,
  capabilities: conomyCapabilities,
  offlineSettings: { apiKey: 'paylinks-check', accessToken: 'paylinks-check' },
  extraSettings: ['clientId', 'clientSecret', 'accessToken', 'webhookSecret'],
  start: startConomySimulator,
  // The checkout token is Conomy's reference: one per link, so the reference is reused as it.
  sampleInput: (reference) => ({
    reference,
    amount: { amount: 1995, currency: 'EUR' },
    description: `Order ${reference}`,
    successUrl: 'https://merchant.example/paid',
    failureUrl: 'https://merchant.example/failed',
    providerOptions: { conomy: { checkoutToken: reference } },
  }),
  webhookRouting: 'account',
});
