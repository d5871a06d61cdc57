import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';

import { decodeInput } from './codecs.js';
import { validationError, type ValidationError } from './errors.js';
import { findUnknownKeys, knownKeys, type KnownKeys } from './setting-keys.js';

/** The keys known at the level of `path` (the parent of its last segment). */
function keysBeside(known: KnownKeys, path: string): ReadonlyArray<string> {
  let level: KnownKeys | undefined = known;
  for (const segment of path.split('.').slice(0, -1)) level = level?.keys.get(segment);
  return level === undefined ? [] : [...level.keys.keys()];
}

/**
 * Decodes one adapter's option group (`providerOptions.<id>`, `providerFilters.<id>`)
 * with the adapter's io-ts codec, refusing keys the codec does not name, at
 * every nesting level it describes as an object (an open record, such as
 * `t.UnknownRecord`, takes any key). io-ts' `partial` drops unknown keys
 * silently, so without this a mistyped option would change nothing and say
 * nothing. Every problem is a `ValidationError` naming the field under
 * `prefix`, with the closest known key suggested and the known keys listed.
 *
 * @param prefix the path the value sits at, e.g. `providerOptions.costplus`
 * @example
 * decodeProviderOptions(CostplusProviderOptions, input.providerOptions?.['costplus'], 'providerOptions.costplus')
 * // { custmer: {} } -> ValidationError on providerOptions.costplus.custmer, "did you mean customer?"
 */
export function decodeProviderOptions<A, O>(
  codec: t.Type<A, O, unknown>,
  value: unknown,
  prefix: string,
): E.Either<ValidationError, A> {
  const known = value === undefined ? undefined : knownKeys(codec);
  const unknown = known === undefined ? [] : findUnknownKeys(value, known);
  if (known === undefined || unknown.length === 0) return decodeInput(codec, value ?? {}, prefix);
  const issues = unknown.map(({ path, suggestion }) => {
    const field = `${prefix}.${path}`;
    const hint = suggestion !== undefined ? `did you mean ${suggestion}? ` : '';
    return {
      field,
      message: `${field} is not an option of this provider (${hint}known: ${keysBeside(known, path).join(', ')})`,
    };
  });
  const first = issues[0] as { field: string; message: string };
  return E.left(validationError({ ...first, ...(issues.length > 1 ? { issues } : {}) }));
}
