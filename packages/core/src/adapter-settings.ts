import type { AxiosInstance } from 'axios';
import * as t from 'io-ts';

import { HttpUrl, IntegerFromInput } from './codecs.js';
import { createHttpClient, type HttpClient, type HttpClientOptions } from './http-client.js';
import type { AxiosLike } from './lazy-axios.js';

/** An axios instance (anything callable with a `request` method). */
export const AxiosInstanceSetting = new t.Type<AxiosInstance, AxiosInstance, unknown>(
  'AxiosInstance',
  (u): u is AxiosInstance =>
    typeof u === 'function' && typeof (u as { request?: unknown }).request === 'function',
  (u, c) =>
    typeof u === 'function' && typeof (u as { request?: unknown }).request === 'function'
      ? t.success(u as AxiosInstance)
      : t.failure(u, c, 'an axios instance'),
  (a) => a,
);

/** A clock: a function returning the current instant. */
export const ClockSetting = new t.Type<() => Date, () => Date, unknown>(
  'Clock',
  (u): u is () => Date => typeof u === 'function',
  (u, c) =>
    typeof u === 'function' ? t.success(u as () => Date) : t.failure(u, c, 'a function returning a Date'),
  (f) => f,
);

/**
 * Settings every adapter takes besides its credentials.
 *
 * - `baseUrl`: the provider's API root (a simulator's URL in tests).
 * - `timeoutMs`: per-try timeout (default 15,000).
 * - `retry`: `{ maxRetries, baseDelayMs, maxDelayMs }` (defaults 2, 250, 8000).
 * - `httpClient`: an axios instance to send with.
 * - `maxSockets`: sockets per host in the default keep-alive agent (default 64).
 * - `now`: the clock used for expiries and webhook tolerances.
 */
export const CommonSettings = t.partial(
  {
    baseUrl: HttpUrl,
    timeoutMs: IntegerFromInput,
    retry: t.partial({
      maxRetries: IntegerFromInput,
      baseDelayMs: IntegerFromInput,
      maxDelayMs: IntegerFromInput,
    }),
    httpClient: AxiosInstanceSetting,
    maxSockets: IntegerFromInput,
    now: ClockSetting,
  },
  'CommonSettings',
);
/** Settings every adapter takes; see {@link CommonSettings}. */
export type CommonSettings = t.TypeOf<typeof CommonSettings>;

/** Builds an adapter's HTTP boundary from its common settings and what the adapter adds. */
export function httpClientFromSettings(
  settings: Omit<CommonSettings, 'httpClient'> & { readonly httpClient?: AxiosLike },
  adapter: Omit<HttpClientOptions, 'baseUrl' | 'timeoutMs' | 'retry' | 'httpClient' | 'maxSockets'> & {
    readonly defaultBaseUrl: string;
  },
): HttpClient {
  const { defaultBaseUrl, ...rest } = adapter;
  return createHttpClient({
    ...rest,
    baseUrl: settings.baseUrl ?? defaultBaseUrl,
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.retry !== undefined ? { retry: settings.retry } : {}),
    ...(settings.httpClient !== undefined ? { httpClient: settings.httpClient } : {}),
    ...(settings.maxSockets !== undefined ? { maxSockets: settings.maxSockets } : {}),
  });
}
