import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
let dir: string | undefined;

afterEach(() => {
  vi.restoreAllMocks();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('README', () => {
  it('runs its first example as written', async () => {
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain('startConomySimulator');
    dir = mkdtempSync(join(tmpdir(), 'conomy-readme-'));
    const file = join(dir, 'example.ts');
    writeFileSync(file, example as string);
    const logged: unknown[] = [];
    vi.spyOn(console, 'log').mockImplementation((value: unknown) => {
      logged.push(value);
    });
    await import(/* @vite-ignore */ file);
    expect(logged).toEqual([
      { unified: 'open', raw: 'ACTIVE' },
      { unified: 'draft', raw: 'ATTEMPT' },
      { unified: 'paid', raw: 'FINISHED' },
    ]);
  });
});
