// Routed webhooks: the provider a notification came from, by header or by asking each provider.
import * as E from 'fp-ts/lib/Either.js';

import {
  webhookVerificationError,
  type PaymentLinkError,
  type PaymentLinkProvider,
  headerValue,
  type WebhookEvent,
  type WebhookRequest,
} from '@paylinks/core/adapter';

/** Header a platform's ingress may set to name the provider a webhook came from. */
export const webhookProviderHeader = 'paylinks-provider';

/**
 * The provider a webhook request names, if it names one: the
 * `Paylinks-Provider` header, else the URL's `provider` query parameter,
 * else the last segment of the URL's path (`/webhooks/conomy`).
 */
function namedWebhookProvider(request: WebhookRequest, providers: ReadonlyArray<string>): string | undefined {
  const header = headerValue(request.headers, webhookProviderHeader)?.trim();
  if (header !== undefined && providers.includes(header)) return header;
  if (typeof request.url !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(request.url, 'http://webhook.invalid');
  } catch {
    return undefined;
  }
  const query = url.searchParams.get('provider');
  if (query !== null && providers.includes(query)) return query;
  const last = decodeURIComponent(
    url.pathname
      .split('/')
      .filter((s) => s !== '')
      .at(-1) ?? '',
  );
  return providers.includes(last) ? last : undefined;
}

/**
 * Parses a webhook with the provider it came from. When the request names
 * no provider (see {@link namedWebhookProvider}), each provider that parses
 * webhooks tries it: a verified signature wins; an unverified parse (Cost+
 * signs nothing) is taken only when it is the only one. Two verified or two
 * unverified parses are refused rather than guessed.
 */
export function parseRoutedWebhook(
  providers: ReadonlyArray<PaymentLinkProvider>,
  request: WebhookRequest,
): E.Either<PaymentLinkError, { readonly provider: PaymentLinkProvider; readonly event: WebhookEvent }> {
  const ids = providers.map((p) => p.id);
  const named = namedWebhookProvider(request, ids);
  const candidates = providers.filter(
    (p) => p.parseWebhook !== undefined && (named === undefined || p.id === named),
  );
  const parsed = candidates.map((provider) => ({
    provider,
    result: (provider.parseWebhook as NonNullable<PaymentLinkProvider['parseWebhook']>)(request),
  }));
  const accepted = parsed.flatMap(({ provider, result }) =>
    E.isRight(result) ? [{ provider, event: result.right }] : [],
  );
  const verified = accepted.filter((a) => a.event.verified);
  const chosen = verified.length > 0 ? verified : accepted;
  if (chosen.length === 1) return E.right(chosen[0] as (typeof chosen)[number]);
  const fail = (message: string, reason: 'malformed_body' | 'signature_mismatch' = 'malformed_body') =>
    E.left(webhookVerificationError({ operation: 'parseWebhook', reason, message }));
  if (chosen.length > 1) {
    return fail(
      `this webhook parses as ${chosen.map((c) => c.provider.id).join(' and ')}: post each provider's webhooks to a URL ending in its id (/webhooks/<provider>)`,
    );
  }
  const only = parsed[0];
  if (named !== undefined && only !== undefined && E.isLeft(only.result)) return only.result;
  if (parsed.length === 0) {
    return fail(
      named !== undefined
        ? `${named} does not parse webhooks`
        : 'none of the router providers parses webhooks',
    );
  }
  const reasons = parsed.map(({ provider, result }) =>
    E.isLeft(result) ? `${provider.id}: ${result.left.message}` : provider.id,
  );
  const mismatch = parsed.some(
    ({ result }) =>
      E.isLeft(result) &&
      result.left._tag === 'WebhookVerificationError' &&
      result.left.reason === 'signature_mismatch',
  );
  return fail(
    `no provider accepted this webhook (${reasons.join('; ')})`,
    mismatch ? 'signature_mismatch' : 'malformed_body',
  );
}
