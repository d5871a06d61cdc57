// The value names each entry of @paylinks/hsa-provider exports, listed on purpose: a name added to or
// dropped from an entry fails here until this list is changed with it.
import { readdirSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import * as rootEntry from './index.js';
import * as simulatorEntry from './simulator/index.js';

describe('the entries of @paylinks/hsa-provider', () => {
  it('@paylinks/hsa-provider exports the adapter', () => {
    expect(Object.keys(rootEntry).sort()).toEqual([
      'HsaListFilters',
      'HsaProviderOptions',
      'HsaProviderSettings',
      'HsaSettings',
      'buildHsaListQuery',
      'defaultReferenceMetadataKey',
      'hsaCapabilities',
      'hsaCodeTags',
      'hsaDefaultBaseUrl',
      'hsaKeyMode',
      'hsaMaxCancelReasonLength',
      'hsaMaxPageSize',
      'hsaProvider',
      'hsaProviderId',
      'hsaSignatureHeader',
      'mapHsaEventType',
      'mapHsaOrderStatus',
      'mapHsaStatus',
      'parseHsaWebhook',
      'readHsaError',
      'signHsaWebhook',
    ]);
  });

  it('@paylinks/hsa-provider/simulator exports the simulator', () => {
    expect(Object.keys(simulatorEntry).sort()).toEqual(['hsaDescriptor', 'startHsaSimulator']);
  });

  // The names every adapter exports are in the lists above; this pins the files they live in
  // (docs/adding-a-provider.md, "The shape of an adapter package").
  it('keeps the layout every adapter has', () => {
    const names = ['provider', 'settings', 'options', 'api', 'error', 'webhook'];
    expect(readdirSync(new URL('.', import.meta.url))).toEqual(
      expect.arrayContaining(names.map((name) => `hsa-${name}.ts`)),
    );
    const simulator = ['checkout', 'context', 'errors', 'routes', 'state', 'validate', 'wire'];
    expect(readdirSync(new URL('./simulator/', import.meta.url))).toEqual(
      expect.arrayContaining(['hsa-simulator.ts', 'index.ts', ...simulator.map((name) => `sim-${name}.ts`)]),
    );
  });
});
