import {
  boundedString,
  CommonSettings,
  IntegerFromInput,
  webhookSecretsSetting,
} from '@paylinks/core/adapter';
import * as t from 'io-ts';

/**
 * Settings of the HSA/FSA provider adapter (`hsaProvider(settings)`).
 *
 * @example
 * hsaProvider({ apiKey: process.env.GALE_API_KEY!, webhookSecret: process.env.GALE_WEBHOOK_SECRET })
 */
export const HsaSettings = t.intersection(
  [
    t.type({
      /**
       * API key, sent as `Authorization: Bearer <apiKey>`. Keys starting
       * `glm_test_` are test keys, `glm_live_` live keys (see `provider.mode`).
       * @see https://docs.withgale.com/api-reference/custom-integration
       */
      apiKey: boundedString(1024, 1, 'ApiKey'),
    }),
    CommonSettings,
    t.partial({
      /**
       * The endpoint secret from the dashboard's webhook settings. Verifies
       * `X-Gale-Signature: t=...,v1=...` (HMAC-SHA256 of `<t>.<raw body>`) and the
       * newer `Authorization: Bearer <secret>` form. Without it `parseWebhook`
       * refuses every notification (`missing_secret`). While rotating it, give a
       * list (`[new, old]`): a notification signed with any of them verifies.
       */
      webhookSecret: webhookSecretsSetting(1024),
      /** Seconds a signed webhook's `t=` may be away from the clock (default 300). */
      webhookToleranceSeconds: IntegerFromInput,
      /**
       * Which amount field names to send: `cents` (default; `amount_cents` and
       * `products[].price_cents`, as the seed documents) or `plain` (`amount`
       * and `products[].price`, the newer documentation). Both are read back.
       */
      amountFields: t.keyof({ cents: null, plain: null }),
      /**
       * Metadata key that carries the merchant `reference` (HSA has no order-id
       * field). Default `paylinks_reference`; it is stripped from `metadata` on read.
       */
      referenceMetadataKey: boundedString(40, 1, 'MetadataKey'),
    }),
  ],
  'HsaSettings',
);
/** Settings of the HSA/FSA provider adapter; see {@link HsaSettings}. */
export type HsaSettings = t.TypeOf<typeof HsaSettings>;

/** Whether an API key is a test key (`glm_test_`), a live key (`glm_live_`), or neither. */
export type HsaKeyMode = 'test' | 'live' | 'unknown';

/** Tells test and live keys apart by their documented prefix. */
export function hsaKeyMode(apiKey: string): HsaKeyMode {
  if (apiKey.startsWith('glm_test_')) return 'test';
  if (apiKey.startsWith('glm_live_')) return 'live';
  return 'unknown';
}

/** The documented API root. */
export const hsaDefaultBaseUrl = 'https://api.withgale.com/v2';

/** Metadata key carrying the merchant reference, unless the settings say otherwise. */
export const defaultReferenceMetadataKey = 'paylinks_reference';

/**
 * The former name of {@link HsaSettings}.
 *
 * @deprecated Use `HsaSettings`, named like `CostplusSettings` and `ConomySettings`.
 */
export const HsaProviderSettings = HsaSettings;
/** @deprecated Use `HsaSettings`. */
export type HsaProviderSettings = HsaSettings;
