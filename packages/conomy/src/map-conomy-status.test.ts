import { describe, expect, it } from 'vitest';

import { conomyStatusesFor, mapConomyStatus } from './map-conomy-status.js';

describe('mapConomyStatus', () => {
  it.each([
    ['ATTEMPT', 'draft'],
    ['ACTIVE', 'open'],
    ['PROCESSING_PAYMENT', 'processing'],
    ['FINISHED', 'paid'],
    ['EXPIRED', 'expired'],
    ['FAILED', 'unknown'],
    ['DELETED', 'cancelled'],
    ['', 'unknown'],
    ['active', 'unknown'],
    ['PAUSED', 'unknown'],
    ['REFUNDED', 'unknown'],
  ])('%j is %s, raw kept', (raw, unified) => {
    expect(mapConomyStatus(raw)).toEqual({ unified, raw });
  });

  it.each([
    ['draft', ['ATTEMPT']],
    ['open', ['ACTIVE']],
    ['processing', ['PROCESSING_PAYMENT']],
    ['paid', ['FINISHED']],
    ['expired', ['EXPIRED']],
    ['failed', []],
    ['cancelled', []],
    ['unknown', []],
  ] as const)('filters %s as %j', (unified, raw) => {
    expect(conomyStatusesFor(unified)).toEqual(raw);
    for (const value of raw) expect(mapConomyStatus(value).unified).toBe(unified);
  });
});
