import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `tests/reliability/.reliability`: where runs leave their figures (gitignored). */
export const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.reliability');
const partsDir = join(resultsDir, 'parts');

/** The adapters the suite covers, in report order. */
export const providers = ['costplus', 'conomy', 'hsa-provider'] as const;
export type ProviderId = (typeof providers)[number];

/**
 * One test file's figures for one section (faults, webhooks, ...) and one adapter (or `cli`).
 * Figures hold numbers, strings and objects, never arrays: the files are written with
 * `JSON.stringify(.., 2)`, which is what Prettier's check of the tree expects only without arrays.
 */
export interface ResultPart {
  readonly section: string;
  readonly subject: string;
  readonly figures: Record<string, unknown>;
}

/** Merges every part on disk into `results.json`'s shape. */
export function mergeParts(parts: ReadonlyArray<ResultPart & { readonly writtenAt?: string }>) {
  const sections: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const part of parts) {
    sections[part.subject] ??= {};
    sections[part.subject]![part.section] = part.figures;
  }
  return { generatedAt: new Date().toISOString(), subjects: sections };
}

function holdsArray(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  return typeof value === 'object' && value !== null && Object.values(value).some(holdsArray);
}

function writeAtomic(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

/**
 * Records a file's figures as a part, then rewrites `results.json` from every
 * part present (the render script merges the parts again, so a race between
 * two test files writing at once cannot lose figures).
 */
export function recordResult(part: ResultPart): void {
  if (holdsArray(part.figures))
    throw new Error(
      `figures of ${part.section}/${part.subject} hold an array: keep results.json Prettier-clean`,
    );
  mkdirSync(partsDir, { recursive: true });
  writeAtomic(
    join(partsDir, `${part.section}--${part.subject}.json`),
    `${JSON.stringify({ ...part, writtenAt: new Date().toISOString() }, null, 2)}\n`,
  );
  const all = readdirSync(partsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(partsDir, f), 'utf8')) as ResultPart);
  writeAtomic(join(resultsDir, 'results.json'), `${JSON.stringify(mergeParts(all), null, 2)}\n`);
}

/** A counter keyed by name, serialised as a plain object. */
export class Tally {
  private readonly counts = new Map<string, number>();
  add(key: string, by = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
  }
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
