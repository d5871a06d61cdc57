// README examples are run as written, so a README cannot drift from the code it documents.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/** Where {@link runReadmeExample} writes an example, and how it loads it. */
export interface RunReadmeExampleOptions {
  /**
   * A folder of the project whose packages the example imports (default: the working
   * directory): the example is written in a fresh hidden folder inside it and removed after, so
   * `@paylinks/core` and the adapters resolve as they do for the project's own tests.
   */
  readonly dir?: string;
  /**
   * Loads the written file. From an installed `@paylinks/core`, pass `(file) => import(file)`
   * written in the test file (with vite's `@vite-ignore` comment): vitest runs installed
   * packages without compiling them, so only an `import()` in the test itself compiles the
   * example's TypeScript.
   */
  readonly load?: (file: string) => Promise<unknown>;
}

/**
 * Runs one README example as a module of its own, exactly as written, and returns what it passed
 * to `console.log`: one array of arguments per call. `console.log` is restored when the example
 * settles, also when it throws.
 *
 * @example
 * const logged = await runReadmeExample(readmeExamples(readme)[0]!, { load: (file) => import(file) })
 */
export async function runReadmeExample(
  source: string,
  options: RunReadmeExampleOptions = {},
): Promise<unknown[][]> {
  const dir = mkdtempSync(join(options.dir ?? process.cwd(), '.paylinks-readme-'));
  const file = join(dir, 'example.ts');
  writeFileSync(file, source);
  const load = options.load ?? ((path: string) => import(/* @vite-ignore */ path));
  const logged: unknown[][] = [];
  const log = console.log;
  console.log = (...values: unknown[]) => {
    logged.push(values);
  };
  try {
    await load(file);
    return logged;
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
}
