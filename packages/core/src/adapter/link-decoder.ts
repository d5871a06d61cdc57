// linkDecoder: a provider's link body decoded and converted to a PaymentLink, failures as DecodeError.
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';

import { decodeProviderBody } from '../model/codecs.js';
import type { DecodeError } from '../model/errors.js';
import type { PaymentLink } from '../model/model.js';

/**
 * A provider's `decodeLink`: decodes a stored or received link body with the
 * adapter's wire codec, then maps it with the adapter's converter, which gets
 * the body too (for `raw`). A body the codec refuses is a `DecodeError` naming
 * `operation` (default `decodeLink`; an adapter that decodes its answers with
 * the same function passes `get`, `create`...). The converter may itself
 * refuse (a decimal amount that is not exact): it then returns an `Either`,
 * otherwise the link.
 *
 * @example
 * decodeLink: linkDecoder(HsaLink, hsaProviderId, toLink)
 */
export function linkDecoder<A, O>(
  codec: t.Type<A, O, unknown>,
  provider: string,
  convert: (wire: A, body: unknown) => PaymentLink | E.Either<DecodeError, PaymentLink>,
): (body: unknown, operation?: string) => E.Either<DecodeError, PaymentLink> {
  const linkContext = { provider, operation: 'decodeLink' };
  // Early returns, not pipe/E.map: fp-ts 2.16's map copies its arguments (dual) on every call.
  return (body, operation) => {
    const context = operation === undefined ? linkContext : { provider, operation };
    const decoded = decodeProviderBody(codec, body, context);
    if (E.isLeft(decoded)) return decoded;
    const link = convert(decoded.right, body);
    // A PaymentLink has no `_tag`; an Either always has one.
    return '_tag' in link ? link : E.right(link);
  };
}
