import {
  boundedString,
  CommonSettings,
  describedAs,
  IntegerFromInput,
  type RetryPolicy,
  webhookSecretsSetting,
} from '@paylinks/core/adapter';
import * as t from 'io-ts';

/** This package's version, named in the default `User-Agent`. */
export const conomyPackageVersion = '0.1.0';

/** The documented sandbox; the path prefix picks the environment. */
export const conomySandboxUrl = 'https://api.conomyhq.com/sandbox';

/** `User-Agent` sent when the settings name none. */
export const defaultConomyUserAgent = `paylinks/${conomyPackageVersion} (+@paylinks/conomy)`;

/** Link lifetime sent as `duration` when a create names no expiry: 24 hours, as in Conomy's own recipe. */
export const defaultConomyDurationSeconds = 86_400;

/** The shortest `duration` Conomy accepts, in seconds. */
export const minConomyDurationSeconds = 30;

const Credential = boundedString(4096, 1, 'NonEmptyString');

/** The credential part of the settings (see {@link ConomySettings}). */
export interface ConomyCredentials {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly accessToken?: string;
}

/**
 * Either `clientId` + `clientSecret` (the adapter obtains and renews the
 * token) or a ready `accessToken` (used as is; with client credentials too,
 * it is the first token and gets renewed like any other). Failures name the
 * missing key so configuration errors read `conomy.clientSecret is required`.
 */
// `knownKeys` tells core's unknown-setting check which keys this custom codec reads.
const ConomyCredentials = Object.assign(
  new t.Type<ConomyCredentials, ConomyCredentials, unknown>(
    'ConomyCredentials',
    (u): u is ConomyCredentials => typeof u === 'object' && u !== null,
    (u, c) => {
      if (typeof u !== 'object' || u === null) return t.failure<ConomyCredentials>(u, c, 'an object');
      const record = u as Record<string, unknown>;
      const out: Record<string, string> = {};
      for (const key of ['clientId', 'clientSecret', 'accessToken'] as const) {
        const value = record[key];
        if (value === undefined) continue;
        if (!Credential.is(value)) {
          return t.failure<ConomyCredentials>(
            value,
            [...c, { key, type: Credential, actual: value }],
            'a non-empty string',
          );
        }
        out[key] = value;
      }
      const missing = (key: string) =>
        t.failure<ConomyCredentials>(
          undefined,
          [...c, { key, type: Credential, actual: undefined }],
          'clientId + clientSecret, or accessToken',
        );
      if (out['clientId'] !== undefined && out['clientSecret'] === undefined) return missing('clientSecret');
      if (out['clientSecret'] !== undefined && out['clientId'] === undefined) return missing('clientId');
      if (out['clientId'] === undefined && out['accessToken'] === undefined) return missing('clientId');
      return t.success<ConomyCredentials>(out);
    },
    (a) => a,
  ),
  { knownKeys: ['clientId', 'clientSecret', 'accessToken'] as const },
);

/**
 * Settings of the Conomy adapter.
 *
 * - `apiKey`: the API Gateway key, sent as `x-api-key` on every call (secret).
 * - `clientId` + `clientSecret`: exchanged at `POST /auth` for the bearer token,
 *   which the adapter caches and renews (`clientSecret` is secret).
 * - `accessToken`: a ready bearer token instead of (or as the first token before)
 *   client credentials (secret).
 * - `userAgent`: sent as `User-Agent` (default `paylinks/<version> (+@paylinks/conomy)`).
 * - `apiVersion`: sent as `conomyhq-api-version` when set (e.g. `24-04-2025`).
 * - `webhookSecret`: the secret key registered with the webhook URL in Conomy's
 *   dashboard; needed by `parseWebhook` (secret). While rotating it, give a list
 *   (`[new, old]`): a notification signed with any of them verifies.
 * - `tokenRenewalMarginSeconds`: renew a token this long before it expires
 *   (default 60; never more than half its lifetime).
 * - `defaultDurationSeconds`: `duration` when a create names no expiry (default 86,400).
 * - plus {@link CommonSettings}: `baseUrl` (default the sandbox,
 *   `https://api.conomyhq.com/sandbox`), `timeoutMs`, `retry` (default: Conomy's
 *   advice, 4 retries backing off from 1 s up to 32 s), `httpClient`, `maxSockets`, `now`.
 *
 * @see https://developers.conomyhq.com/api-reference/authentication
 */
export const ConomySettings = t.intersection(
  [
    t.type({ apiKey: Credential }),
    ConomyCredentials,
    CommonSettings,
    t.partial({
      userAgent: boundedString(512, 1),
      apiVersion: boundedString(64, 1),
      webhookSecret: webhookSecretsSetting(4096),
      tokenRenewalMarginSeconds: IntegerFromInput,
      defaultDurationSeconds: describedAs(
        t.refinement(IntegerFromInput, (n) => n >= minConomyDurationSeconds, 'Seconds(>=30)'),
        `a whole number of seconds, at least ${minConomyDurationSeconds}`,
      ),
    }),
  ],
  'ConomySettings',
);
/** Settings of the Conomy adapter; see {@link ConomySettings}. */
export type ConomySettings = t.TypeOf<typeof ConomySettings>;

/** Settings that hold secrets: never echoed in errors. */
export const conomySecretSettings = ['apiKey', 'clientSecret', 'accessToken', 'webhookSecret'] as const;

/** Conomy's documented advice: retry 5xx backing off from 1 s, capped at 32 s, at most 5 attempts. */
export const conomyRetryPolicy: RetryPolicy = { maxRetries: 4, baseDelayMs: 1000, maxDelayMs: 32_000 };
