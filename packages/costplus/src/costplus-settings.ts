import { boundedString, CommonSettings } from '@paylinks/core/adapter';
import * as t from 'io-ts';

/** Production API root. */
export const costplusDefaultBaseUrl = 'https://api.costplus.online/v1';

/** The legacy (NoPayn) host, serving the same API. Pass it as `baseUrl` to use it. */
export const costplusLegacyBaseUrl = 'https://api.nopayn.co.uk/v1';

/** Finds a link id from the merchant reference in your own records (see {@link CostplusSettings}). */
export type LinkIdLookup = (reference: string) => Promise<string | undefined> | string | undefined;

const LinkIdLookupSetting = new t.Type<LinkIdLookup, LinkIdLookup, unknown>(
  'LinkIdLookup',
  (u): u is LinkIdLookup => typeof u === 'function',
  (u, c) =>
    typeof u === 'function'
      ? t.success(u as LinkIdLookup)
      : t.failure(u, c, 'a function (reference) => link id'),
  (f) => f,
);

/**
 * Settings of the Cost+ adapter.
 *
 * - `apiKey` (required): the website's API key from the Cost+ dashboard
 *   (Websites -> your site -> Integration). Sent as the HTTP Basic user name
 *   with an empty password. A sandbox key makes test orders; there is no
 *   separate sandbox host.
 * - `baseUrl`: API root, default `https://api.costplus.online/v1`. The legacy
 *   host `https://api.nopayn.co.uk/v1` and a simulator's URL work too.
 * - `timeoutMs`, `retry`, `httpClient`, `maxSockets`, `now`: see core's `CommonSettings`.
 * - `linkIdForReference`: optional. Used only when a webhook's order does not
 *   carry `related_payment_link_id`: given the order's `merchant_order_id`
 *   (your `reference`), return the link id you stored at create time.
 *
 * @example
 * costplus({ apiKey: process.env.COSTPLUS_API_KEY! })
 * costplus({ apiKey, baseUrl: costplusLegacyBaseUrl, timeoutMs: 10_000 })
 */
export const CostplusSettings = t.intersection(
  [
    t.type({
      /** The Cost+ API key (HTTP Basic user name). */
      apiKey: boundedString(512, 1, 'ApiKey'),
    }),
    CommonSettings,
    t.partial({
      /** Your own reference -> link id lookup, for webhook orders without `related_payment_link_id`. */
      linkIdForReference: LinkIdLookupSetting,
    }),
  ],
  'CostplusSettings',
);
/** Settings of the Cost+ adapter; see {@link CostplusSettings}. */
export type CostplusSettings = t.TypeOf<typeof CostplusSettings>;
