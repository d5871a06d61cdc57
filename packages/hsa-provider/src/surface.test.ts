// The value names each entry of @paylinks/hsa-provider exports, listed on purpose: a name added to or
// dropped from an entry fails here until this list is changed with it. The last test pins the
// shape every adapter shares (factory, settings, options, webhook helper, simulator files).
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
    expect(Object.keys(simulatorEntry).sort()).toEqual(['startHsaSimulator']);
  });

  it('has the shape every adapter has', () => {
    for (const name of [
      'hsaProvider',
      'HsaSettings',
      'HsaProviderOptions',
      'hsaCapabilities',
      'hsaProviderId',
      'hsaCodeTags',
      'readHsaError',
      'mapHsaStatus',
      'parseHsaWebhook',
      // The webhook test helper: the signature header value.
      'signHsaWebhook',
    ]) {
      expect(Object.keys(rootEntry), name).toContain(name);
    }
    expect(Object.keys(simulatorEntry)).toContain('startHsaSimulator');
    const source = readdirSync(new URL('.', import.meta.url));
    for (const file of [
      'hsa-provider.ts',
      'hsa-settings.ts',
      'hsa-options.ts',
      'hsa-api.ts',
      'hsa-error.ts',
      'hsa-webhook.ts',
    ]) {
      expect(source, file).toContain(file);
    }
    const simulator = readdirSync(new URL('./simulator/', import.meta.url));
    for (const file of [
      'hsa-simulator.ts',
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
