// No import circles anywhere in the workspace's TypeScript (packages, tests, docs/examples),
// type-only imports included: eslint's import-x/no-cycle skips `import type`, so it cannot see
// a circle made of types (there were 4 groups of them before the package split).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./layout-figures.mjs', import.meta.url));

describe('the workspace layout', () => {
  // Work: one process parsing every TypeScript file of the workspace (about 3 s idle); it used up the
  // default 20 s once at load average 23, so it gets 120 s.
  it('has no import circles, type-only imports included', { timeout: 120_000 }, async () => {
    const run = await promisify(execFile)(process.execPath, [script, '--circles']).catch(
      (error: { stdout?: string; code?: number }) => ({ stdout: error.stdout ?? '', code: error.code }),
    );
    expect(run.stdout.trim().split('\n').at(-1)).toBe('0 import circle(s)');
  });
});
