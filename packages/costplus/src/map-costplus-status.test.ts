import { describe, expect, it } from 'vitest';

import { mapCostplusOrderStatus, mapCostplusStatus } from './map-costplus-status.js';

describe('mapCostplusStatus', () => {
  it.each([
    ['new', 0, 'open'],
    ['processing', 1, 'processing'],
    ['all_unsuccessful', 1, 'open'],
    ['all_unsuccessful', 24, 'open'],
    ['all_unsuccessful', 25, 'failed'],
    ['all_unsuccessful', 26, 'failed'],
    ['completed', 2, 'paid'],
    ['expired', 0, 'expired'],
    ['COMPLETED', 0, 'unknown'],
    ['cancelled', 0, 'unknown'],
    ['', 0, 'unknown'],
  ] as const)('%s with %i attempts -> %s', (raw, attempts, unified) => {
    expect(mapCostplusStatus(raw, attempts)).toBe(unified);
  });
});

describe('mapCostplusOrderStatus', () => {
  it.each([
    ['new', 'pending'],
    ['processing', 'processing'],
    ['error', 'failed'],
    ['completed', 'succeeded'],
    ['cancelled', 'cancelled'],
    ['expired', 'expired'],
    ['see-transactions', 'unknown'],
  ] as const)('%s -> %s', (raw, state) => {
    expect(mapCostplusOrderStatus(raw)).toBe(state);
  });
});
