// The value names each entry of @paylinks/conomy exports, listed on purpose: a name added to or
// dropped from an entry fails here until this list is changed with it.
import { readdirSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import * as rootEntry from './index.js';
import * as simulatorEntry from './simulator/index.js';

describe('the entries of @paylinks/conomy', () => {
  it('@paylinks/conomy exports the adapter', () => {
    expect(Object.keys(rootEntry).sort()).toEqual([
      'ConomyProviderOptions',
      'ConomySettings',
      'conomy',
      'conomyCapabilities',
      'conomyCheckoutToken',
      'conomyCodeTags',
      'conomyMaxCheckoutTokenLength',
      'conomyMaxPageSize',
      'conomyPackageVersion',
      'conomyProviderId',
      'conomyRetryPolicy',
      'conomySandboxUrl',
      'conomySecretSettings',
      'conomySignatureHeader',
      'conomyStatusesFor',
      'conomyWebhookSignature',
      'defaultConomyDurationSeconds',
      'defaultConomyUserAgent',
      'mapConomyStatus',
      'minConomyDurationSeconds',
      'parseConomyWebhook',
      'readConomyError',
      'referenceFromCheckoutToken',
      'signConomyWebhook',
    ]);
  });

  it('@paylinks/conomy/simulator exports the simulator', () => {
    expect(Object.keys(simulatorEntry).sort()).toEqual([
      'conomyDescriptor',
      'conomyError',
      'conomyErrorForStatus',
      'conomyErrors',
      'startConomySimulator',
    ]);
  });

  // The names every adapter exports are in the lists above; this pins the files they live in
  // (docs/adding-a-provider.md, "The shape of an adapter package").
  it('keeps the layout every adapter has', () => {
    const names = ['provider', 'settings', 'options', 'api', 'error', 'webhook'];
    expect(readdirSync(new URL('.', import.meta.url))).toEqual(
      expect.arrayContaining(names.map((name) => `conomy-${name}.ts`)),
    );
    const simulator = ['checkout', 'context', 'errors', 'routes', 'state', 'validate', 'wire'];
    expect(readdirSync(new URL('./simulator/', import.meta.url))).toEqual(
      expect.arrayContaining([
        'conomy-simulator.ts',
        'index.ts',
        ...simulator.map((name) => `sim-${name}.ts`),
      ]),
    );
  });
});
