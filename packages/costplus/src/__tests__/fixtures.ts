import { readFileSync } from 'node:fs';

/** Reads one documented body from `__fixtures__` (tests only). */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../__fixtures__/${name}.json`, import.meta.url), 'utf8')) as T;
}

/** The raw text of one documented body (webhooks are verified as bytes). */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`../__fixtures__/${name}.json`, import.meta.url), 'utf8');
}
