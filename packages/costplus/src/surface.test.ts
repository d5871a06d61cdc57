// The value names each entry of @paylinks/costplus exports, listed on purpose: a name added to or
// dropped from an entry fails here until this list is changed with it.
import { readdirSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import * as rootEntry from './index.js';
import * as simulatorEntry from './simulator/index.js';

describe('the entries of @paylinks/costplus', () => {
  it('@paylinks/costplus exports the adapter', () => {
    expect(Object.keys(rootEntry).sort()).toEqual([
      'CostplusAdditionalAddress',
      'CostplusAddressType',
      'CostplusCustomerOptions',
      'CostplusProviderOptions',
      'CostplusSettings',
      'costplus',
      'costplusCapabilities',
      'costplusCodeTags',
      'costplusDefaultBaseUrl',
      'costplusLegacyBaseUrl',
      'costplusMaxAttempts',
      'costplusProviderId',
      'costplusWebhookRequest',
      'mapCostplusOrderStatus',
      'mapCostplusStatus',
      'parseCostplusWebhook',
      'readCostplusError',
    ]);
  });

  it('@paylinks/costplus/simulator exports the simulator', () => {
    expect(Object.keys(simulatorEntry).sort()).toEqual([
      'costplusDescriptor',
      'costplusWebhookRetryDelaysMs',
      'costplusWebhookTimeoutMs',
      'maxAttemptsPerLink',
      'startCostplusSimulator',
    ]);
  });

  // The names every adapter exports are in the lists above; this pins the files they live in
  // (docs/adding-a-provider.md, "The shape of an adapter package").
  it('keeps the layout every adapter has', () => {
    const names = ['provider', 'settings', 'options', 'api', 'error', 'webhook'];
    expect(readdirSync(new URL('.', import.meta.url))).toEqual(
      expect.arrayContaining(names.map((name) => `costplus-${name}.ts`)),
    );
    const simulator = ['checkout', 'context', 'errors', 'routes', 'state', 'validate', 'wire'];
    expect(readdirSync(new URL('./simulator/', import.meta.url))).toEqual(
      expect.arrayContaining([
        'costplus-simulator.ts',
        'index.ts',
        ...simulator.map((name) => `sim-${name}.ts`),
      ]),
    );
  });
});
