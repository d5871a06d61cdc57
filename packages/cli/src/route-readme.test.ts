import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { cli, emptyDir } from './__tests__/capture-io.js';

// Issue 20, finding 12: the README's `route` example is run as written and its printed output
// compared line for line, so the two cannot drift apart again.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The `json` block that follows "With this `routes.json`:", and the shell block after it. */
function routeExample(): { routes: string; argv: string[]; expected: string } {
  const at = readme.indexOf('With this `routes.json`:');
  if (at < 0)
    throw new Error('the README no longer introduces the route example with "With this `routes.json`:"');
  const rest = readme.slice(at);
  const json = /```json\n([\s\S]*?)```/.exec(rest);
  const shell = /```\n\$ paylinks (route [^\n]*)\n([\s\S]*?)```/.exec(rest);
  if (json === null || shell === null)
    throw new Error('the README route example lost its json or shell block');
  return { routes: json[1]!, argv: shellWords(shell[1]!), expected: shell[2]! };
}

/** A command line's words as a shell splits them (double or single quotes group, no escapes). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

describe("the README's route example", () => {
  it('prints exactly what the README shows', async () => {
    const { routes, argv, expected } = routeExample();
    const dir = emptyDir();
    writeFileSync(join(dir, 'routes.json'), routes);
    const run = await cli(argv, { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(expected);
  });
});
