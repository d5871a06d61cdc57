import { readFileSync } from 'node:fs';

import * as core from '@paylinks/core';
import * as testing from '@paylinks/core/testing';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import * as adapter from './index.js';
import * as simulator from './simulator/index.js';

// The README's examples are run as written: imports are bound to the package's own modules.
const modules: Record<string, unknown> = {
  '@paylinks/core': core,
  '@paylinks/core/testing': testing,
  '@paylinks/hsa-provider': adapter,
  '@paylinks/hsa-provider/simulator': simulator,
};
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const examples = [...readme.matchAll(/<!-- runnable -->\n```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);

async function runExample(source: string): Promise<unknown[][]> {
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

describe('README examples', () => {
  it('has the two runnable examples', () => {
    expect(examples).toHaveLength(2);
  });

  it('runs the one-time payment example', async () => {
    const logs = await runExample(examples[0] as string);
    expect(logs[0]).toEqual(['test']);
    expect(logs[1]).toEqual(['open', 'inv-1042']);
    expect(logs[2]?.[0]).toBe('paid');
    expect(logs[2]?.[2]).toBe(true);
    expect(logs[3]).toEqual([98]);
    expect(logs.slice(4)).toHaveLength(1);
  });

  it('runs the subscription example', async () => {
    const logs = await runExample(examples[1] as string);
    const events = logs.filter((l) => typeof l[0] === 'string' && String(l[0]).includes('.'));
    expect(events.map((l) => l[0])).toEqual([
      'payment_link.created',
      'payment_link.paid',
      'order.created',
      'subscription.created',
    ]);
    expect(events.every((l) => l[2] === 'paid')).toBe(true);
    expect(logs).toContainEqual([
      expect.objectContaining({
        interval: 'month',
        intervalCount: 3,
        trialPeriodDays: 14,
        status: 'trialing',
      }),
    ]);
    expect(logs[logs.length - 1]).toEqual([
      { unified: 'cancelled', raw: 'cancelled', reason: 'Customer changed plan' },
    ]);
  });
});
