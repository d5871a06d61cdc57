import { readFileSync } from 'node:fs';

import { readmeExamples, runReadmeExample } from '@paylinks/testing';
import { expect, it } from 'vitest';

// The Ledger section of @paylinks/ledger's README runs as written (it needs an adapter and its
// simulator, which core's own tests may not import).
const readme = readFileSync(new URL('../../../packages/ledger/README.md', import.meta.url), 'utf8');

it('runs the Ledger example of the ledger README', async () => {
  const example = readmeExamples(readme, { section: '## Ledger' })[0];
  expect(example).toContain('createMemoryLedger');
  const logged = await runReadmeExample(example!);
  expect(logged).toEqual([
    [true, 1],
    [{ claimed: 1, applied: 1, unchanged: 0, refused: 0, failed: 0 }],
    ['paid', 'inv-42', expect.stringMatching(/^ful_[0-9a-f]{32}$/)],
  ]);
});
