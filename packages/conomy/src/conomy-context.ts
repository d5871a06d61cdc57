import {
  type Capabilities,
  clockFrom,
  type HttpClient,
  httpClientFromSettings,
  type PaymentLinkProvider,
  webhookSecretList,
} from '@paylinks/core/adapter';

import { createConomyAuth } from './conomy-auth.js';
import { conomyCreateIssues } from './convert-to-conomy-request.js';
import { conomyCodeTags, readConomyError } from './conomy-error.js';
import { conomyProviderId } from './conomy-provider-id.js';
import {
  type ConomySettings,
  conomyRetryPolicy,
  conomySandboxUrl,
  defaultConomyDurationSeconds,
  defaultConomyUserAgent,
} from './conomy-settings.js';

const defaultTokenMarginSeconds = 60;

/** What every operation of one Conomy provider instance shares. */
export interface ConomyContext {
  readonly settings: ConomySettings;
  /** The API boundary, carrying the bearer token. */
  readonly api: HttpClient;
  readonly now: () => Date;
  /** The link lifetime sent when a create names none. */
  readonly defaultDurationSeconds: number;
  /** The provider's id, capabilities and create checks. */
  readonly self: Pick<PaymentLinkProvider, 'id' | 'capabilities' | 'checkCreateInput'>;
}

/**
 * The boundaries of one provider: `POST /auth` goes through the same boundary
 * as the API (retries, classification, redaction) but carries no bearer; the
 * API's carries the token that auth obtains and renews. A provider built with
 * `defaultDurationSeconds` reports it as its `defaultExpiry`.
 */
export function createConomyContext(settings: ConomySettings, capabilities: Capabilities): ConomyContext {
  const defaultDurationSeconds = settings.defaultDurationSeconds ?? defaultConomyDurationSeconds;
  const now = clockFrom(settings);
  const common = { ...settings, retry: { ...conomyRetryPolicy, ...settings.retry } };
  const defaultHeaders: Record<string, string> = {
    'User-Agent': settings.userAgent ?? defaultConomyUserAgent,
    'x-api-key': settings.apiKey,
    ...(settings.apiVersion !== undefined ? { 'conomyhq-api-version': settings.apiVersion } : {}),
  };
  let currentToken: () => string | undefined = () => undefined;
  const boundary = {
    provider: conomyProviderId,
    defaultBaseUrl: conomySandboxUrl,
    defaultHeaders,
    readError: readConomyError,
    codeTags: conomyCodeTags,
    secrets: () => [
      settings.apiKey,
      settings.clientSecret,
      settings.accessToken,
      ...webhookSecretList(settings.webhookSecret),
      currentToken(),
    ],
  };
  const authHttp = httpClientFromSettings(common, boundary);
  const auth = createConomyAuth({
    authHttp,
    now,
    marginSeconds: settings.tokenRenewalMarginSeconds ?? defaultTokenMarginSeconds,
    ...(settings.clientId !== undefined ? { clientId: settings.clientId } : {}),
    ...(settings.clientSecret !== undefined ? { clientSecret: settings.clientSecret } : {}),
    ...(settings.accessToken !== undefined ? { accessToken: settings.accessToken } : {}),
  });
  currentToken = auth.currentToken;
  const api = httpClientFromSettings(
    { ...common, httpClient: authHttp.axios },
    { ...boundary, auth: auth.strategy },
  );
  return {
    settings,
    api,
    now,
    defaultDurationSeconds,
    self: {
      id: conomyProviderId,
      capabilities: { ...capabilities, defaultExpiry: { seconds: defaultDurationSeconds } },
      checkCreateInput: conomyCreateIssues,
    },
  };
}
