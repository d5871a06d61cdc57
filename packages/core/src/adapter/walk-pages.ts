// walkPages: a provider's listing walked to its end, stopped on a repeated cursor or too many pages.
import { createHash } from 'node:crypto';

import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';

import { providerError, type PaymentLinkError } from '../model/errors.js';
import type { LinkPage } from '../provider/provider.js';
import { echoedText } from './setting-keys.js';

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
 * A provider that hands out ever new cursors would make it endless too, so a
 * walk stops after `maxPages` pages (default {@link defaultMaxPages}) with the
 * same kind of error. The client's own `list` and `pages` pass `Infinity`:
 * their caller reads page by page and can stop. Cursors are remembered by a
 * digest once long, so memory stays small per page.
 *
 * @param listPage fetches the page a cursor names (`undefined`: the first page)
 * @param context the adapter id and the operation the errors name, and the page limit
 * @example
 * for await (const page of walkPages((cursor) => provider.list({}, cursor), { provider: 'conomy', operation: 'reconcile' })) {
 *   if (E.isLeft(page)) return page
 * }
 */
export async function* walkPages(
  listPage: (cursor: string | undefined) => TE.TaskEither<PaymentLinkError, LinkPage>,
  context: { readonly provider: string; readonly operation: string; readonly maxPages?: number },
): AsyncGenerator<E.Either<PaymentLinkError, LinkPage>, void, undefined> {
  const maxPages = context.maxPages ?? defaultMaxPages;
  const stop = (why: string) =>
    E.left(
      providerError({
        provider: context.provider,
        operation: context.operation,
        message: `${context.provider} ${why}; stopping to avoid an endless listing`,
        retryable: false,
      }),
    );
  const seen = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listPage(cursor)();
    yield page;
    if (E.isLeft(page)) return;
    pages++;
    cursor = page.right.nextCursor;
    if (cursor === undefined) return;
    const key = cursor.length > 64 ? `#${createHash('sha256').update(cursor).digest('base64')}` : cursor;
    if (seen.has(key)) {
      yield stop(`returned the cursor ${echoedText(cursor)} twice`);
      return;
    }
    if (pages >= maxPages) {
      yield stop(`still had pages after ${maxPages}`);
      return;
    }
    seen.add(key);
  } while (cursor !== undefined);
}

/** How many pages {@link walkPages} reads at most unless told otherwise: 10,000 (a million links at 100 a page). */
export const defaultMaxPages = 10_000;
