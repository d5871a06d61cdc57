// Test doubles for core's own tests: a scripted provider and transport, a test link and secret.
import type { AxiosInstance } from 'axios';
import * as TE from 'fp-ts/lib/TaskEither.js';
import * as t from 'io-ts';

import { unsupportedError } from '../model/errors.js';
import { createHttpClient, perCallOptions, type HttpClientOptions } from '../http/http-client.js';
import { unreportedAttempts, type PaymentLink } from '../model/model.js';
import type { Capabilities, PaymentLinkProvider } from '../provider/provider.js';
import { linkStatus } from '../model/status.js';
import { bareCapabilities } from '@paylinks/testing';

/** Capabilities with every operation and feature off, but links take a webhook URL (tests turn on what they use). */
export const noCapabilities: Capabilities = { ...bareCapabilities, webhookUrlPerLink: true };

/** A provider whose create and get fail as unsupported, with `overrides` on top. */
export function testProvider(overrides: Partial<PaymentLinkProvider> = {}): PaymentLinkProvider {
  const unsupported = (operation: string) =>
    TE.left(
      unsupportedError({ provider: 'test', operation, feature: operation, message: `no ${operation}` }),
    );
  return {
    id: 'test',
    capabilities: noCapabilities,
    create: () => unsupported('create'),
    get: () => unsupported('get'),
    ...overrides,
  };
}

/** An open 1.00 EUR link of the provider `fake` (or the one given). */
export const testLink = (id: string, provider = 'fake'): PaymentLink => ({
  provider,
  id,
  amount: { amount: 100, currency: 'EUR' } as PaymentLink['amount'],
  status: linkStatus('open', 'new'),
  attempts: unreportedAttempts(),
  redirects: {},
  metadata: {},
  raw: {},
});

/** One scripted answer of a {@link scriptedTransport}: an HTTP answer, or a network failure code. */
export type ScriptedAnswer =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | { readonly networkError: string };

/**
 * An axios stand-in that answers from a script, in order (the last answer
 * repeats), and records the URL of every request it was asked to send.
 */
export function scriptedTransport(script: ReadonlyArray<ScriptedAnswer>) {
  const urls: string[] = [];
  let next = 0;
  const request = async (config: { url?: string; params?: Record<string, string> }) => {
    const query = config.params !== undefined ? `?${new URLSearchParams(config.params).toString()}` : '';
    urls.push(`${config.url ?? ''}${query}`);
    const answer = script[Math.min(next, script.length - 1)] as ScriptedAnswer;
    next += 1;
    if ('networkError' in answer) {
      throw Object.assign(new Error(`connect ${answer.networkError}`), { code: answer.networkError });
    }
    return {
      status: answer.status,
      data: answer.body === undefined ? '' : JSON.stringify(answer.body),
      headers: answer.headers ?? {},
    };
  };
  return { axios: Object.assign(() => undefined, { request }) as unknown as AxiosInstance, urls };
}

/** The secret the scripted provider's boundary holds (and sends as its bearer token). */
export const testSecret = 'sk_test_observability_7c1d9e';
const secret = testSecret;

/** A provider over the real boundary, answering from a script: `get` reads a link, `create` posts one. */
export function scriptedProvider(
  script: ReadonlyArray<ScriptedAnswer>,
  extra: Partial<HttpClientOptions> = {},
) {
  const transport = scriptedTransport(script);
  const http = createHttpClient({
    provider: 'test',
    baseUrl: 'https://api.example.test:8443/v2/',
    httpClient: transport.axios,
    retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 50 },
    sleep: async () => undefined,
    random: () => 0.5,
    secrets: () => [secret],
    auth: { headers: () => ({ Authorization: `Bearer ${secret}` }) },
    ...extra,
  });
  const provider = testProvider({
    get: (id, options) =>
      TE.map(() => testLink(id, 'test'))(
        http.request({
          operation: 'get',
          method: 'GET',
          path: `/payment-links/${encodeURIComponent(id)}`,
          pathTemplate: '/payment-links/{id}',
          query: { expand: 'attempts', token: secret },
          resourceId: id,
          ...perCallOptions(options),
        }),
      ),
    create: (input, options) =>
      TE.map((r: { data: { id: string } }) => testLink(r.data.id, 'test'))(
        http.request({
          operation: 'create',
          method: 'POST',
          path: '/payment-links',
          pathTemplate: '/payment-links',
          body: input,
          codec: t.type({ id: t.string }),
          idempotencyKey: options?.idempotencyKey ?? 'idem-key-1',
          ...perCallOptions(options),
        }),
      ),
  });
  return { provider, transport, http };
}
