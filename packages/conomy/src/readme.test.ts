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

  // Issue 20, finding 12: the README says how the simulator's checkout page is paid, and shows it.
  it('runs the checkout page example as written: decline keeps the link payable, pay finishes it', async () => {
    const [example] = readmeExamples(readme, { section: "### Paying on the simulator's checkout page" });
    expect(example).toContain('outcome');
    const logged = await runReadmeExample(example!);
    expect(logged).toEqual([
      [303, 'https://shop.example/invoices/2001/failed'],
      [{ unified: 'open', raw: 'ACTIVE' }],
      [303, 'https://shop.example/invoices/2001/paid'],
      [{ unified: 'paid', raw: 'FINISHED' }],
      [409],
    ]);
  });
});
