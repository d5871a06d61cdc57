import { readFileSync } from 'node:fs';

import { readmeExamples, runReadmeExample } from '@paylinks/testing';
import { describe, expect, it } from 'vitest';

// The README's examples run as written, against the simulator.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const examples = readmeExamples(readme, { runnableOnly: true });

describe('README examples', () => {
  it('has the two runnable examples', () => {
    expect(examples).toHaveLength(2);
  });

  it('runs the one-time payment example', async () => {
    const logs = await runReadmeExample(examples[0] as string);
    expect(logs[0]).toEqual(['test']);
    expect(logs[1]).toEqual(['open', 'inv-1042']);
    expect(logs[2]?.[0]).toBe('paid');
    expect(logs[2]?.[2]).toBe(true);
    expect(logs[3]).toEqual([98]);
    expect(logs.slice(4)).toHaveLength(1);
  });

  it('runs the subscription example', async () => {
    const logs = await runReadmeExample(examples[1] as string);
    const events = logs.filter((l) => typeof l[0] === 'string' && String(l[0]).includes('.'));
    expect(events.map((l) => l[0])).toEqual([
      'payment_link.created',
      'payment_link.paid',
      'order.created',
      'subscription.created',
    ]);
    expect(events.every((l) => l[2] === 'paid')).toBe(true);
    expect(logs).toContainEqual([
      expect.objectContaining({
        interval: 'month',
        intervalCount: 3,
        trialPeriodDays: 14,
        status: 'trialing',
      }),
    ]);
    expect(logs[logs.length - 1]).toEqual([
      { unified: 'cancelled', raw: 'cancelled', reason: 'Customer changed plan' },
    ]);
  });
});
