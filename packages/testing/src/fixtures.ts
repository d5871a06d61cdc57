// fixtures(folder): reading a package's documented example bodies.
import { readFileSync } from 'node:fs';

/** The documented bodies in one `__fixtures__` folder. */
export interface Fixtures {
  /** The file as text, byte for byte (webhooks are verified over the raw body). */
  text(name: string): string;
  /** The file parsed as JSON. */
  json<T = Record<string, unknown>>(name: string): T;
}

/**
 * Reads an adapter's documented example bodies (its `src/__fixtures__/`),
 * the one way tests load them. `name` is the file name; `.json` is added
 * when it is not there.
 *
 * @example
 * const fixture = fixtures(new URL('./__fixtures__/', import.meta.url))
 * nock(api).get('/v2/payment-links/plink_abc123xyz').reply(200, fixture.json('get-response.seed.json'))
 */
export function fixtures(folder: URL): Fixtures {
  const base = folder.href.endsWith('/') ? folder : new URL(`${folder.href}/`);
  const text = (name: string) =>
    readFileSync(new URL(name.endsWith('.json') ? name : `${name}.json`, base), 'utf8');
  return { text, json: <T>(name: string) => JSON.parse(text(name)) as T };
}
