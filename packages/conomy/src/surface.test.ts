// The value names each entry of @paylinks/conomy exports, listed on purpose: a name added to or
// dropped from an entry fails here until this list is changed with it. The last test pins the
// shape every adapter shares (factory, settings, options, webhook helper, simulator files).
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
      'conomyError',
      'conomyErrorForStatus',
      'conomyErrors',
      'startConomySimulator',
    ]);
  });

  it('has the shape every adapter has', () => {
    for (const name of [
      'conomy',
      'ConomySettings',
      'ConomyProviderOptions',
      'conomyCapabilities',
      'conomyProviderId',
      'conomyCodeTags',
      'readConomyError',
      'mapConomyStatus',
      'parseConomyWebhook',
      // The webhook test helper: a signed notification body and headers.
      'signConomyWebhook',
    ]) {
      expect(Object.keys(rootEntry), name).toContain(name);
    }
    expect(Object.keys(simulatorEntry)).toContain('startConomySimulator');
    const source = readdirSync(new URL('.', import.meta.url));
    for (const file of [
      'conomy-provider.ts',
      'conomy-settings.ts',
      'conomy-options.ts',
      'conomy-api.ts',
      'conomy-error.ts',
      'conomy-webhook.ts',
    ]) {
      expect(source, file).toContain(file);
    }
    const simulator = readdirSync(new URL('./simulator/', import.meta.url));
    for (const file of [
      'conomy-simulator.ts',
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
