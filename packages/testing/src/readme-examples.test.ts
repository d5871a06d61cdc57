import { describe, expect, it } from 'vitest';

import { readmeExamples, runReadmeExample } from './readme-examples.js';

const readme = [
  '# A package',
  '```ts',
  "console.log('first');",
  '```',
  '## Usage',
  'A fragment:',
  '```ts',
  'links.get(id);',
  '```',
  '<!-- runnable -->',
  '```ts',
  "console.log('usage');",
  '```',
  '### Details',
  '```ts',
  "console.log('details');",
  '```',
  '## Other',
  '```ts',
  "console.log('other');",
  '```',
  '',
].join('\n');

describe('readmeExamples', () => {
  it('returns every ts block in order', () => {
    expect(readmeExamples(readme).map((s) => s.trim())).toEqual([
      "console.log('first');",
      'links.get(id);',
      "console.log('usage');",
      "console.log('details');",
      "console.log('other');",
    ]);
  });

  it('keeps a section to its heading and the headings under it', () => {
    expect(readmeExamples(readme, { section: '## Usage' }).map((s) => s.trim())).toEqual([
      'links.get(id);',
      "console.log('usage');",
      "console.log('details');",
    ]);
    expect(readmeExamples(readme, { section: '## Usage', runnableOnly: true }).map((s) => s.trim())).toEqual([
      "console.log('usage');",
    ]);
  });

  it('fails on a heading that is not there, instead of running nothing', () => {
    expect(() => readmeExamples(readme, { section: '## Routing' })).toThrow('no heading "## Routing"');
  });
});

describe('runReadmeExample', () => {
  it('runs TypeScript with imports and returns each console.log call', async () => {
    const logged = await runReadmeExample(
      [
        "import { formatDecimal, type Money } from '@paylinks/core';",
        "const price = { amount: 1250, currency: 'KWD' } as Money;",
        'console.log(formatDecimal(price), price.currency);',
        "console.log('done');",
      ].join('\n'),
    );
    expect(logged).toEqual([['1.250', 'KWD'], ['done']]);
  });

  it('gives console.log back when the example throws', async () => {
    const log = console.log;
    await expect(
      runReadmeExample("console.log('before');\nthrow new Error('example failed');"),
    ).rejects.toThrow('example failed');
    expect(console.log).toBe(log);
  });
});
