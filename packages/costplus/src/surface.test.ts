// The value names each entry of @paylinks/costplus exports, listed on purpose: a name added to or
// dropped from an entry fails here until this list is changed with it. The last test pins the
// shape every adapter shares (factory, settings, options, webhook helper, simulator files).
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
      'costplusWebhookRetryDelaysMs',
      'costplusWebhookTimeoutMs',
      'maxAttemptsPerLink',
      'startCostplusSimulator',
    ]);
  });

  it('has the shape every adapter has', () => {
    for (const name of [
      'costplus',
      'CostplusSettings',
      'CostplusProviderOptions',
      'costplusCapabilities',
      'costplusProviderId',
      'costplusCodeTags',
      'readCostplusError',
      'mapCostplusStatus',
      'parseCostplusWebhook',
      // The webhook test helper: an unsigned notification (Cost+ signs nothing).
      'costplusWebhookRequest',
    ]) {
      expect(Object.keys(rootEntry), name).toContain(name);
    }
    expect(Object.keys(simulatorEntry)).toContain('startCostplusSimulator');
    const source = readdirSync(new URL('.', import.meta.url));
    for (const file of [
      'costplus-provider.ts',
      'costplus-settings.ts',
      'costplus-options.ts',
      'costplus-api.ts',
      'costplus-error.ts',
      'costplus-webhook.ts',
    ]) {
      expect(source, file).toContain(file);
    }
    const simulator = readdirSync(new URL('./simulator/', import.meta.url));
    for (const file of [
      'costplus-simulator.ts',
      'index.ts',
      'sim-checkout.ts',
      'sim-context.ts',
      'sim-errors.ts',
      'sim-routes.ts',
      'sim-state.ts',
      'sim-validate.ts',
      'sim-wire.ts',
    ]) {
      expect(simulator, file).toContain(file);
    }
  });
});
