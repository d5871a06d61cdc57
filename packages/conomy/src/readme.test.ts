import { readFileSync } from 'node:fs';

import { readmeExamples, runReadmeExample } from '@paylinks/testing';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('runs its first example as written', async () => {
    const example = readmeExamples(readme)[0];
    expect(example).toContain('startConomySimulator');
    const logged = await runReadmeExample(example!);
    expect(logged).toEqual([
      [{ unified: 'open', raw: 'ACTIVE' }],
      [{ unified: 'draft', raw: 'ATTEMPT' }],
      [{ unified: 'paid', raw: 'FINISHED' }],
    ]);
  });
});
