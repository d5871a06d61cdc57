import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';

import { providerError, type PaymentLinkError } from './errors.js';
import type { LinkPage } from './provider.js';

/**
 * Walks a listing page by page, from the first page until one comes without
 * a `nextCursor` or a page fails (the failure is the last item yielded).
 *
 * A provider that hands out a cursor it already handed out in this listing
 * would make the walk endless. That ends the walk with a non-retryable
 * `ProviderError` rather than a quiet stop: a caller looking for a link (a
 * reconcile, a webhook's link) must not read a broken listing as "no such
 * link", which could lead it to create a second one.
 *
 * @param listPage fetches the page a cursor names (`undefined`: the first page)
 * @param context the adapter id and the operation the errors name
 * @example
 * for await (const page of walkPages((cursor) => provider.list({}, cursor), { provider: 'conomy', operation: 'reconcile' })) {
 *   if (E.isLeft(page)) return page
 * }
 */
export async function* walkPages(
  listPage: (cursor: string | undefined) => TE.TaskEither<PaymentLinkError, LinkPage>,
  context: { readonly provider: string; readonly operation: string },
): AsyncGenerator<E.Either<PaymentLinkError, LinkPage>, void, undefined> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await listPage(cursor)();
    yield page;
    if (E.isLeft(page)) return;
    cursor = page.right.nextCursor;
    if (cursor !== undefined) {
      if (seen.has(cursor)) {
        yield E.left(
          providerError({
            provider: context.provider,
            operation: context.operation,
            message: `${context.provider} returned the cursor ${cursor} twice; stopping to avoid an endless listing`,
            retryable: false,
          }),
        );
        return;
      }
      seen.add(cursor);
    }
  } while (cursor !== undefined);
}
