import { fixtures } from '@paylinks/testing';

const packagesDir = new URL('../../../../packages/', import.meta.url);

/** A documented example body of an adapter package (`packages/<p>/src/__fixtures__/<name>.json`), parsed. */
export function documented(pkg: string, name: string): Record<string, unknown> {
  return fixtures(new URL(`${pkg}/src/__fixtures__/`, packagesDir)).json(name);
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
