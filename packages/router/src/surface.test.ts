// The value names each entry of @paylinks/router exports, listed on purpose: a name added to or
// dropped from an entry fails here until this list is changed with it. Types are checked by
// the compiler where they are used.
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { externalImportsOf } from '@paylinks/testing';
import * as routerEntry from './index.js';

describe('the entries of @paylinks/router', () => {
  it('@paylinks/router exports the router, its rules and its health settings', () => {
    expect(Object.keys(routerEntry).sort()).toEqual([
      'AmountRange',
      'ExpiryRange',
      'HealthSettings',
      'ProviderOrder',
      'RouteConditions',
      'RouteNeed',
      'RouteRule',
      'RoutingConfig',
      'createRouter',
      'createRouterEither',
      'decodeRoutingConfig',
      'defaultHealthSettings',
      'parseRoutedLinkId',
      'routedLinkId',
      'selectRouteRule',
      'webhookProviderHeader',
    ]);
  });

  it('loads no test runner, ledger, database or test kit', () => {
    for (const entry of ['./index.ts']) {
      const loaded = externalImportsOf(fileURLToPath(new URL(entry, import.meta.url)));
      expect(
        loaded.filter((name) => /^(vitest|pg\b|@paylinks\/(ledger|testing))/.test(name)),
        entry,
      ).toEqual([]);
    }
  });
});
