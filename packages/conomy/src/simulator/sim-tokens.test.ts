import { describe, expect, it } from 'vitest';

import { maxLiveTokens, SimTokens } from './sim-tokens.js';

describe('SimTokens', () => {
  it('refuses unknown and expired tokens, and forgets expired ones when issuing', () => {
    let now = 0;
    const tokens = new SimTokens(1_000, () => now);
    const first = tokens.issue();
    expect(tokens.check(first)).toBeUndefined();
    expect(tokens.check('sim_at_unknown')).toBe('missing');
    expect(tokens.check(undefined)).toBe('missing');
    now = 1_000;
    expect(tokens.check(first)).toBe('expired');
    tokens.issue();
    expect([tokens.size, tokens.issued]).toEqual([1, 2]);
  });

  it(`holds at most ${maxLiveTokens} live tokens: past it the oldest stops working`, () => {
    const tokens = new SimTokens(3_600_000, () => 0);
    const first = tokens.issue();
    for (let i = 0; i < maxLiveTokens + 50; i++) tokens.issue();
    expect(tokens.size).toBe(maxLiveTokens);
    expect(tokens.check(first)).toBe('missing');
  });
});
