import { readFileSync } from 'node:fs';

import { readmeExamples, runReadmeExample } from '@paylinks/testing';
import { describe, expect, it } from 'vitest';

// Issue 12: the core README's first library example creates one PortableCreateInput on all three
// providers by changing only the configuration. It runs here as written, against the simulators.
const readme = readFileSync(new URL('../../../packages/core/README.md', import.meta.url), 'utf8');

describe('core README', () => {
  it('runs its first example as written: one portable input, an open link on each provider', async () => {
    const example = readmeExamples(readme)[0];
    expect(example).toContain('const invoice: PortableCreateInput');
    const started = Date.now();
    const logged = (await runReadmeExample(example!)).map((values) => String(values[0]));
    expect(logged.map((l) => l.replace(/expires .*$/, 'expires'))).toEqual([
      'costplus: open, expires',
      'conomy: open, expires',
      'hsa-provider: open, expires',
    ]);
    // Each provider reports the expiry it was given: 7 days after its (real-time) simulator clock.
    for (const line of logged) {
      const at = Date.parse(line.replace(/^.* expires /, ''));
      expect(Math.abs(at - (started + 7 * 86_400_000))).toBeLessThan(60_000);
    }
  });
});
