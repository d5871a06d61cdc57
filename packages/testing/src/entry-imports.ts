// externalImportsOf: the packages an entry point loads at run time, following its relative imports.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// `import ... from 'x'`, `export ... from 'x'` and `import 'x'`, but not `import type` / `export type`.
const staticImport = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

/**
 * The bare specifiers (`vitest`, `fp-ts/lib/Either.js`, `node:fs`) that loading `entry` (a
 * TypeScript source file) evaluates, following its relative imports; type-only imports are
 * skipped, since they are erased. A test pins what an entry may load, e.g. that a package's
 * root never loads vitest.
 *
 * @example
 * expect(externalImportsOf(fileURLToPath(new URL('./index.ts', import.meta.url)))).not.toContain('vitest')
 */
export function externalImportsOf(entry: string): ReadonlyArray<string> {
  const seen = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(staticImport)) {
      if (specifier === undefined) continue;
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else external.add(specifier);
    }
  };
  visit(entry);
  return [...external].sort();
}
