import { readFileSync } from 'node:fs';

import * as conomy from '@paylinks/conomy';
import * as conomySimulator from '@paylinks/conomy/simulator';
import * as core from '@paylinks/core';
import * as costplus from '@paylinks/costplus';
import * as costplusSimulator from '@paylinks/costplus/simulator';
import * as hsa from '@paylinks/hsa-provider';
import * as hsaSimulator from '@paylinks/hsa-provider/simulator';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Core's README "Routing" example is run as written (core cannot depend on the adapters, so its
// own tests cannot run it): imports are bound to the packages' modules, console.log is captured.
const modules: Record<string, unknown> = {
  '@paylinks/core': core,
  '@paylinks/conomy': conomy,
  '@paylinks/costplus': costplus,
  '@paylinks/hsa-provider': hsa,
  '@paylinks/conomy/simulator': conomySimulator,
  '@paylinks/costplus/simulator': costplusSimulator,
  '@paylinks/hsa-provider/simulator': hsaSimulator,
};
const readme = readFileSync(new URL('../../../packages/core/README.md', import.meta.url), 'utf8');
const routing = readme.slice(readme.indexOf('\n## Routing\n'));
const example = /<!-- runnable -->\n```ts\n([\s\S]*?)```/.exec(routing)?.[1] ?? '';

async function run(source: string): Promise<unknown[][]> {
  const bound = source.replace(/^import \{([^}]+)\} from '([^']+)';$/gm, (_, names: string, from: string) => {
    expect(Object.keys(modules)).toContain(from);
    return `const {${names}} = modules[${JSON.stringify(from)}];`;
  });
  const js = ts.transpileModule(bound, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
  const logs: unknown[][] = [];
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<void>;
  await new AsyncFunction('modules', 'console', js)(modules, {
    log: (...values: unknown[]) => logs.push(values),
  });
  return logs;
}

describe('core README, Routing', () => {
  it('runs the example against the three simulators and prints what its comments say', async () => {
    expect(example).toContain('createRouter');
    const logs = await run(example);
    expect(logs).toEqual([
      ['chilean-pesos', ['conomy', 'hsa-provider']],
      [['costplus: rule chilean-pesos uses conomy, hsa-provider']],
      [true],
      ['inv-2041'],
      ['closed'],
    ]);
  });
});
