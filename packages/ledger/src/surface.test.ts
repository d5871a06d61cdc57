// The value names each entry of @paylinks/ledger exports, listed on purpose: a name added to or
// dropped from an entry fails here until this list is changed with it. Types are checked by
// the compiler where they are used.
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { externalImportsOf } from '@paylinks/testing';
import * as ledgerEntry from './index.js';
import * as contractEntry from './contract/index.js';

describe('the entries of @paylinks/ledger', () => {
  it('@paylinks/ledger exports the ledger client, the memory ledger and the ledger helpers', () => {
    expect(Object.keys(ledgerEntry).sort()).toEqual([
      'createLedgerClient',
      'createMemoryLedger',
      'defaultDeliveryRetentionMs',
      'fulfilmentId',
      'fulfilmentStatuses',
      'ledgerLimits',
      'legalPredecessors',
      'loneSurrogate',
      'normalizeReference',
      'withLedgerChecks',
    ]);
  });

  it('@paylinks/ledger/contract exports the contract suite every ledger passes', () => {
    expect(Object.keys(contractEntry).sort()).toEqual(['describeLedgerContract']);
  });

  it('loads no test runner (the contract suite is apart), router, database or test kit', () => {
    for (const entry of ['./index.ts']) {
      const loaded = externalImportsOf(fileURLToPath(new URL(entry, import.meta.url)));
      expect(
        loaded.filter((name) => /^(vitest|pg\b|@paylinks\/(router|testing))/.test(name)),
        entry,
      ).toEqual([]);
    }
  });
});
