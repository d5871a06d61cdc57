// README examples are run as written, so a README cannot drift from the code it documents.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Which code blocks {@link readmeExamples} returns. */
export interface ReadmeExampleOptions {
  /**
   * Only blocks under this heading (`'## Ledger'`, `'### Failover'`): from the heading to the next
   * heading of the same or a higher level.
   */
  readonly section?: string;
  /** Only blocks preceded by the line `<!-- runnable -->` (for READMEs that also show fragments). */
  readonly runnableOnly?: boolean;
}

/**
 * The `ts` code blocks of a README, in order, as their source text. Throws when a named section
 * does not exist, so a renamed heading fails the test instead of running nothing.
 */
export function readmeExamples(markdown: string, options: ReadmeExampleOptions = {}): string[] {
  let text = markdown;
  if (options.section !== undefined) {
    const lines = markdown.split('\n');
    const start = lines.indexOf(options.section);
    if (start < 0) throw new Error(`the README has no heading "${options.section}"`);
    const level = /^#+/.exec(options.section)?.[0].length ?? 1;
    const next = lines.findIndex(
      (line, i) => i > start && /^#+ /.test(line) && /^#+/.exec(line)![0].length <= level,
    );
    text = lines.slice(start, next < 0 ? undefined : next).join('\n');
  }
  const block =
    options.runnableOnly === true ? /<!-- runnable -->\n```ts\n([\s\S]*?)```/g : /```ts\n([\s\S]*?)```/g;
  return [...text.matchAll(block)].map((match) => match[1]!);
}

/**
 * Runs one README example as a module of its own, exactly as written, and returns what it passed
 * to `console.log`: one array of arguments per call. Its imports (`@paylinks/core`, an adapter, a
 * simulator) resolve as the test runner resolves the test's own, so this runs under vitest, which
 * compiles the TypeScript; `console.log` is restored when the example settles, also when it throws.
 */
export async function runReadmeExample(source: string): Promise<unknown[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'paylinks-readme-'));
  const file = join(dir, 'example.ts');
  writeFileSync(file, source);
  const logged: unknown[][] = [];
  const log = console.log;
  console.log = (...values: unknown[]) => {
    logged.push(values);
  };
  try {
    await import(/* @vite-ignore */ file);
    return logged;
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
}
