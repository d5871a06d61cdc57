import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'packages');

/** A documented example body of an adapter package (`packages/<p>/src/__fixtures__/<name>.json`), parsed. */
export function documented(pkg: string, name: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(join(packagesDir, pkg, 'src', '__fixtures__', `${name}.json`), 'utf8'),
  ) as Record<string, unknown>;
}

/** The documented link bodies each adapter's get path reads. */
export const documentedLinks = {
  costplus: () => [
    documented('costplus', 'get-completed'),
    documented('costplus', 'create-response'),
    documented('costplus', 'link-schema-example'),
  ],
  conomy: () => [documented('conomy', 'payment-link')],
  'hsa-provider': () => [
    documented('hsa-provider', 'get-response.seed'),
    documented('hsa-provider', 'get-response.plain'),
    documented('hsa-provider', 'cancel-response.seed'),
    documented('hsa-provider', 'cancel-response.plain'),
  ],
} as const;
