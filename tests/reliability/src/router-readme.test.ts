import { readFileSync } from 'node:fs';

import { readmeExamples, runReadmeExample } from '@paylinks/testing';
import { describe, expect, it } from 'vitest';

// The router README's "Routing" example runs as written against the three simulators (the
// router does not depend on the adapters, so its own tests cannot run it).
const readme = readFileSync(new URL('../../../packages/router/README.md', import.meta.url), 'utf8');
const example = readmeExamples(readme, { section: '## Routing', runnableOnly: true })[0] ?? '';

describe('router README, Routing', () => {
  it('runs the example against the three simulators and prints what its comments say', async () => {
    expect(example).toContain('createRouter');
    const logs = await runReadmeExample(example);
    expect(logs).toEqual([
      ['chilean-pesos', ['conomy', 'hsa-provider']],
      [['costplus: rule chilean-pesos uses conomy, hsa-provider']],
      [true],
      ['inv-2041'],
      ['closed'],
    ]);
  });
});
