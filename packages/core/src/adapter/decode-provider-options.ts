// decodeProviderOptions: providerOptions.<id> / providerFilters.<id> decoded, unknown keys refused.
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';

import { decodeInput } from '../model/codecs.js';
import { validationError, type ValidationError } from '../model/errors.js';
import { findUnknownKeys, knownKeys } from './setting-keys.js';

/** How many unknown keys one error lists; past it, the message says there are more. */
const maxReported = 10;

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
  const unknown = known === undefined ? [] : findUnknownKeys(value, known, maxReported + 1);
  if (known === undefined || unknown.length === 0) return decodeInput(codec, value ?? {}, prefix);
  const issues = unknown.slice(0, maxReported).map(({ path, suggestion, known: beside }) => {
    const field = `${prefix}.${path}`;
    const hint = suggestion !== undefined ? `did you mean ${suggestion}? ` : '';
    return {
      field,
      message: `${field} is not an option of this provider (${hint}known: ${beside.join(', ')})`,
    };
  });
  const first = issues[0] as { field: string; message: string };
  const more =
    unknown.length > maxReported ? ` (and more unknown keys; the first ${maxReported} are listed)` : '';
  return E.left(
    validationError({ ...first, message: first.message + more, ...(issues.length > 1 ? { issues } : {}) }),
  );
}
