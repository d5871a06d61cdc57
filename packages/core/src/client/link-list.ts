// LinkList: what links.list() answers, an async iterator that can collect with toArray({ limit }).
import { PaymentLinkException, validationError } from '../model/errors.js';
import type { PaymentLink } from '../model/model.js';
import type { LinkPage } from '../provider/provider.js';

/** Most links `list(...).toArray({ limit })` collects in one call. */
export const maxListLimit = 10_000;

/** Options of {@link LinkList.toArray}. */
export interface ListToArrayOptions {
  /**
   * How many links to collect at most: a whole number from 1 to 10,000
   * (`maxListLimit`). Required, so that a list of every link a merchant
   * ever made is never loaded into memory by accident.
   */
  readonly limit: number;
}

/**
 * The links `links.list(query)` answers: iterate them with `for await`
 * (pages are fetched as you go), or collect up to a limit with `toArray`.
 *
 * @example
 * for await (const link of links.list({ status: ['open'] })) console.log(link.id)
 * const recent = await links.list({ createdAfter: lastWeek }).toArray({ limit: 500 })
 */
export interface LinkList extends AsyncIterableIterator<PaymentLink> {
  /**
   * Collects links until `limit` are held or the pages end, and fetches no
   * page past the one that reaches the limit (stripe-node's
   * `autoPagingToArray({ limit })`). Continues from where iteration stands.
   * A bad `limit` rejects with a {@link PaymentLinkException} whose
   * `ValidationError` names the field `limit`, before any request.
   */
  toArray(options: ListToArrayOptions): Promise<PaymentLink[]>;
}

/** The limit asked for, read once (a getter cannot raise it later), or what is wrong with it. */
function readLimit(options: unknown): { readonly limit: number } | { readonly problem: string } {
  if (typeof options !== 'object' || options === null)
    return { problem: 'limit is required: toArray({ limit })' };
  const limit = (options as { limit?: unknown }).limit;
  if (limit === undefined) return { problem: 'limit is required: toArray({ limit })' };
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > maxListLimit) {
    const got = typeof limit === 'number' ? String(limit) : typeof limit;
    return { problem: `limit must be a whole number from 1 to ${maxListLimit}, got ${got}` };
  }
  return { limit };
}

async function collect(
  links: AsyncIterableIterator<PaymentLink>,
  options: ListToArrayOptions,
  provider: string,
): Promise<PaymentLink[]> {
  const read = readLimit(options);
  if ('problem' in read) {
    throw new PaymentLinkException(
      validationError({ provider, operation: 'list', field: 'limit', message: read.problem }),
    );
  }
  const out: PaymentLink[] = [];
  // Breaking out returns the walk: the page after the one that reached the limit is never asked for.
  for await (const link of links) {
    out.push(link);
    if (out.length >= read.limit) break;
  }
  return out;
}

/** The links of a walk over pages, with `toArray`. */
export function linkList(pages: AsyncIterable<LinkPage>, provider: string): LinkList {
  const links = (async function* () {
    for await (const page of pages) yield* page.links;
  })();
  return Object.assign(links, {
    toArray: (options: ListToArrayOptions) => collect(links, options, provider),
  });
}
