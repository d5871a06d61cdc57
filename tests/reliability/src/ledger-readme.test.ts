import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, expect, it, vi } from 'vitest';

// The Ledger section of @paylinks/core's README runs as written (it needs an adapter and its
// simulator, which core's own tests may not import).
const readme = readFileSync(new URL('../../../packages/core/README.md', import.meta.url), 'utf8');
let dir: string | undefined;

afterEach(() => {
  vi.restoreAllMocks();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

it('runs the Ledger example of the core README', async () => {
  const section = readme.slice(readme.indexOf('## Ledger'));
  const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(example).toContain('createMemoryLedger');
  dir = mkdtempSync(join(tmpdir(), 'ledger-readme-'));
  const file = join(dir, 'example.ts');
  writeFileSync(file, example as string);
  const logged: unknown[][] = [];
  vi.spyOn(console, 'log').mockImplementation((...values: unknown[]) => {
    logged.push(values);
  });
  await import(/* @vite-ignore */ file);
  expect(logged).toEqual([
    [true, 1],
    [{ claimed: 1, applied: 1, unchanged: 0, refused: 0, failed: 0 }],
    ['paid', 'inv-42', expect.stringMatching(/^ful_[0-9a-f]{32}$/)],
  ]);
});
