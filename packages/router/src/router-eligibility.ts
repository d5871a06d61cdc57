// Which providers can take an input (capabilities and input checks), before any request.
import type * as E from 'fp-ts/lib/Either.js';

import { checkCreateFor, type ValidationError, type PaymentLinkProvider } from '@paylinks/core/adapter';

/**
 * Whether one provider can take a create input: `Right` when it can, a
 * `ValidationError` whose `issues` name every field it cannot take
 * otherwise. The router's `check` option.
 */
export type CreateCheck = (
  input: unknown,
  provider: PaymentLinkProvider,
) => E.Either<ValidationError, unknown>;

/**
 * The router's default {@link CreateCheck}: core's `checkCreateFor`, the
 * same check each shipped adapter's `create` runs (requirements as data in
 * `capabilities`, plus the adapter's own `checkCreateInput`), against the
 * router's clock.
 */
export function routerEligibility(now: () => Date): CreateCheck {
  return (input, provider) => checkCreateFor(input, provider, { now: now() });
}
