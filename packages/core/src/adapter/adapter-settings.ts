// The settings every adapter takes (baseUrl, timeouts, retries, httpClient, now), and its HTTP client.
import type { AxiosInstance } from 'axios';
import * as t from 'io-ts';

import { IntegerFromInput } from '../model/codecs.js';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../http/http-client.js';
import type { AxiosLike } from '../http/lazy-axios.js';

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

/** A whole number in `[min, max]`, given as a number or as digits (environment variables). */
export function integerInRange(min: number, max: number) {
  const expected = `a whole number from ${min} to ${max}`;
  return new t.Type<number, number, unknown>(
    `IntegerInRange(${min}..${max})`,
    (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= min && u <= max,
    (u, c) => {
      const decoded = IntegerFromInput.validate(u, c);
      if (decoded._tag === 'Left') return t.failure(u, c, expected);
      return decoded.right >= min && decoded.right <= max ? decoded : t.failure(u, c, expected);
    },
    (n) => n,
  );
}

const controlOrSpace = /[\u0000-\u0020\u007f-\u009f]/;

/**
 * A provider's API root: an absolute `http(s)` URL of at most 2048
 * characters without user-info (credentials go in their own settings, never
 * in a URL that ends up in logs), query or fragment (they would swallow the
 * request path), spaces or control characters.
 */
export const BaseUrl = new t.Type<string, string, unknown>(
  'BaseUrl',
  (u): u is string => typeof u === 'string' && baseUrlProblem(u) === undefined,
  (u, c) => {
    if (typeof u !== 'string')
      return t.failure(u, c, 'an absolute https URL such as https://api.example.com/v1');
    const problem = baseUrlProblem(u);
    // The refused value is echoed in the message: never with the credentials it may hold.
    return problem === undefined ? t.success(u) : t.failure(withoutUserInfo(u), c, problem);
  },
  (s) => s,
);

function withoutUserInfo(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1[redacted]@');
}

function baseUrlProblem(text: string): string | undefined {
  if (text.length > 2048) return 'a URL of at most 2048 characters';
  if (controlOrSpace.test(text)) return 'a URL without spaces or control characters';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'an absolute https URL such as https://api.example.com/v1';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'an https URL (got another scheme)';
  if (url.username !== '' || url.password !== '' || /^[a-z]+:\/\/[^/]*@/i.test(text))
    return 'a URL without user-info (put credentials in their own settings, never in the URL)';
  if (text.includes('?')) return 'a URL without a query string (? would swallow the request path)';
  if (text.includes('#')) return 'a URL without a fragment (# would swallow the request path)';
  return undefined;
}

/** Whether a host name is a loopback address (`localhost`, `127.0.0.0/8`, `::1`). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Longest per-try timeout: 10 minutes. */
export const maxTimeoutMs = 600_000;
/** Most retries after the first try. */
export const maxRetriesLimit = 10;

/**
 * Settings every adapter takes besides its credentials.
 *
 * - `baseUrl`: the provider's API root (a simulator's URL in tests). `https:`
 *   only, except for loopback hosts; no user-info, query or fragment.
 * - `allowInsecureHttp`: accept an `http:` `baseUrl` on a non-loopback host
 *   (a test rig on another machine; never production).
 * - `timeoutMs`: per-try timeout, 1 ms to 10 minutes (default 15,000).
 * - `retry`: `{ maxRetries (0..10), baseDelayMs, maxDelayMs }` (defaults 2, 250, 8000).
 * - `httpClient`: an axios instance to send with.
 * - `maxSockets`: sockets per host in the default keep-alive agent, 1 to 1024 (default 64).
 * - `maxResponseBytes`: largest answer read, in decoded bytes (default 2 MiB).
 * - `now`: the clock used for expiries and webhook tolerances.
 *
 * Keys no adapter reads (`baseURL`, `timeout`) are refused with the closest
 * known key suggested.
 */
export const CommonSettings = t.partial(
  {
    baseUrl: BaseUrl,
    allowInsecureHttp: t.boolean,
    timeoutMs: integerInRange(1, maxTimeoutMs),
    retry: t.partial({
      maxRetries: integerInRange(0, maxRetriesLimit),
      baseDelayMs: integerInRange(0, maxTimeoutMs),
      maxDelayMs: integerInRange(0, maxTimeoutMs),
    }),
    httpClient: AxiosInstanceSetting,
    maxSockets: integerInRange(1, 1024),
    maxResponseBytes: integerInRange(1024, 1024 * 1024 * 1024),
    now: ClockSetting,
  },
  'CommonSettings',
);
/** Settings every adapter takes; see {@link CommonSettings}. */
export type CommonSettings = t.TypeOf<typeof CommonSettings>;

/**
 * The checks of {@link CommonSettings} that span two keys: an `http:`
 * `baseUrl` needs a loopback host or `allowInsecureHttp: true`. Returns the
 * field and message of the problem, if any.
 */
export function commonSettingsProblem(
  settings: CommonSettings,
): { readonly field: string; readonly message: string } | undefined {
  if (settings.baseUrl === undefined || settings.allowInsecureHttp === true) return undefined;
  const url = new URL(settings.baseUrl);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      field: 'baseUrl',
      message: `baseUrl must use https: for a host that is not loopback (got http://${url.host}); set allowInsecureHttp: true only for a test rig`,
    };
  }
  return undefined;
}

/**
 * The clock an adapter reads (expiries, webhook tolerances): the `now`
 * setting when given (a test's manual clock), else the system clock.
 *
 * @example
 * const now = clockFrom(settings)
 * validateCreateFor(self, input, now())
 */
export function clockFrom(settings: { readonly now?: () => Date }): () => Date {
  return settings.now ?? systemClock;
}

const systemClock = (): Date => new Date();

/** Builds an adapter's HTTP boundary from its common settings and what the adapter adds. */
export function httpClientFromSettings(
  settings: Omit<CommonSettings, 'httpClient'> & { readonly httpClient?: AxiosLike },
  adapter: Omit<
    HttpClientOptions,
    'baseUrl' | 'timeoutMs' | 'retry' | 'httpClient' | 'maxSockets' | 'maxResponseBytes'
  > & {
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
    ...(settings.maxResponseBytes !== undefined ? { maxResponseBytes: settings.maxResponseBytes } : {}),
  });
}
