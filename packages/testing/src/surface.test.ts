// The value names each entry of @paylinks/testing exports, listed on purpose: a name added to or
// dropped from an entry fails here until this list is changed with it. Types are checked by
// the compiler where they are used.
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { externalImportsOf } from './entry-imports.js';
import * as testingEntry from './index.js';
import * as conformanceEntry from './conformance/index.js';

describe('the entries of @paylinks/testing', () => {
  it('@paylinks/testing exports the simulator kit and test helpers', () => {
    expect(Object.keys(testingEntry).sort()).toEqual([
      'AfterProcessingFaults',
      'BoundedLog',
      'FaultQueue',
      'IdempotencyStore',
      'ManualClock',
      'WebhookSender',
      'bareCapabilities',
      'checkoutRedirect',
      'createThroughTarget',
      'defaultLogSize',
      'defineDescriptor',
      'expectLeft',
      'expectRight',
      'externalImportsOf',
      'fixtures',
      'hostileRedirectUrls',
      'hostileRequests',
      'locationHeaderValue',
      'malformedBody',
      'probeSimulator',
      'readmeExamples',
      'renderCheckoutPage',
      'runReadmeExample',
      'sendHostileRequests',
      'sendRawRequest',
      'startDroppingServer',
      'startSimulatorServer',
      'startWebhookReceiver',
      'submitCheckout',
      'tamperWebhookBody',
      'timeBudgetMs',
    ]);
  });

  it('@paylinks/testing/conformance exports the adapter conformance suite', () => {
    expect(Object.keys(conformanceEntry).sort()).toEqual(['describeConformance']);
  });

  it('loads no test runner from the root (adapters ship simulators built on it)', () => {
    for (const entry of ['./index.ts']) {
      const loaded = externalImportsOf(fileURLToPath(new URL(entry, import.meta.url)));
      expect(
        loaded.filter((name) => /^(vitest|pg\b|@paylinks\/(router|ledger))/.test(name)),
        entry,
      ).toEqual([]);
    }
  });
});
