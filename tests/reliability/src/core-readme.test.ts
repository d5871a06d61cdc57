import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

// Issue 12: the core README's first library example creates one PortableCreateInput on all three
// providers by changing only the configuration. It runs here as written, against the simulators.

const readme = readFileSync(new URL('../../../packages/core/README.md', import.meta.url), 'utf8');
let dir: string | undefined;

afterEach(() => {
  vi.restoreAllMocks();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('core README', () => {
  it('runs its first example as written: one portable input, an open link on each provider', async () => {
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain('const invoice: PortableCreateInput');
    dir = mkdtempSync(join(tmpdir(), 'core-readme-'));
    const file = join(dir, 'example.ts');
    writeFileSync(file, example as string);
    const logged: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      logged.push(String(line));
    });
    const started = Date.now();
    await import(/* @vite-ignore */ file);
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
