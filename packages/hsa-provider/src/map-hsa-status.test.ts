import { describe, expect, it } from 'vitest';

import { mapHsaStatus, mapHsaOrderStatus } from './map-hsa-status.js';

describe('mapHsaStatus', () => {
  it.each([
    ['active', 'open'],
    ['paid', 'paid'],
    ['expired', 'expired'],
    ['cancelled', 'cancelled'],
    ['canceled', 'unknown'],
    ['ACTIVE', 'unknown'],
    ['pending', 'unknown'],
    ['', 'unknown'],
  ])('%s is %s', (raw, unified) => {
    expect(mapHsaStatus(raw)).toBe(unified);
  });
});

describe('mapHsaOrderStatus', () => {
  it.each([
    ['pending', 'pending'],
    ['processing', 'processing'],
    ['completed', 'succeeded'],
    ['refunded', 'succeeded'],
    ['failed', 'failed'],
    ['cancelled', 'cancelled'],
    ['authorized', 'unknown'],
    ['', 'unknown'],
  ])('%s is %s', (raw, state) => {
    expect(mapHsaOrderStatus(raw)).toBe(state);
  });
});
