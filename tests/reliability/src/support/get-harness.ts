import { conomy } from '@paylinks/conomy';
import { PaymentLink, type PaymentLinkError, type PaymentLinkProvider } from '@paylinks/core';
import { costplus } from '@paylinks/costplus';
import { hsaProvider } from '@paylinks/hsa-provider';
import type * as E from 'fp-ts/lib/Either.js';

import { canaries } from './canaries.js';
import { memoryHttpClient } from './memory-http.js';
import type { ProviderId } from './results.js';

/** An adapter whose get path answers whatever body the test hands it. */
export interface GetHarness {
  readonly provider: ProviderId;
  /** Raw statuses the adapter knows; anything else must read as `unknown`. */
  readonly knownStatuses: ReadonlyArray<string>;
  /** Fields worth aiming mutations at. */
  readonly fields: ReadonlyArray<string>;
  /** Answers `GET <link>` with `text` (HTTP 200) and runs the adapter's get. */
  get(text: string): Promise<E.Either<PaymentLinkError, PaymentLink>>;
  /** The adapter's `decodeLink` (stored bodies), when it has one. */
  readonly decode?: (body: unknown) => E.Either<PaymentLinkError, PaymentLink>;
  /** Requests the stand-in answered. */
  requests(): number;
}

function harness(
  provider: ProviderId,
  build: (client: ReturnType<typeof memoryHttpClient>) => PaymentLinkProvider,
  rest: Pick<GetHarness, 'knownStatuses' | 'fields'>,
): GetHarness {
  let body = '';
  const client = memoryHttpClient((request) =>
    request.url.endsWith('/auth')
      ? {
          status: 200,
          data: JSON.stringify({
            accessToken: canaries.conomy.accessToken,
            tokenType: 'Bearer',
            expiresIn: 3600,
          }),
        }
      : { status: 200, data: body },
  );
  const adapter = build(client);
  return {
    provider,
    ...rest,
    get: (text) => {
      body = text;
      return adapter.get('link_1')();
    },
    ...(adapter.decodeLink !== undefined ? { decode: (b: unknown) => adapter.decodeLink!(b) } : {}),
    requests: () => client.calls.length,
  };
}

const retry = { maxRetries: 0 };
const now = () => new Date('2026-01-15T12:00:00Z');

/** One get harness per adapter, each with canary credentials. */
export const getHarnesses: Readonly<Record<ProviderId, () => GetHarness>> = {
  costplus: () =>
    harness(
      'costplus',
      (httpClient) => costplus({ apiKey: canaries.costplus.apiKey, httpClient, retry, now }),
      {
        knownStatuses: ['new', 'processing', 'all_unsuccessful', 'completed', 'expired'],
        fields: [
          'id',
          'amount',
          'currency',
          'status',
          'created',
          'modified',
          'completed',
          'expiration_period',
          'orders',
          'customer',
          'payment_methods',
          'flags',
          'merchant_order_id',
          'payment_url',
        ],
      },
    ),
  conomy: () =>
    harness(
      'conomy',
      (httpClient) =>
        conomy({
          apiKey: canaries.conomy.apiKey,
          clientId: canaries.conomy.clientId,
          clientSecret: canaries.conomy.clientSecret,
          webhookSecret: canaries.conomy.webhookSecret,
          httpClient,
          retry,
          now,
        }),
      {
        knownStatuses: [
          'ATTEMPT',
          'ACTIVE',
          'PROCESSING_PAYMENT',
          'FINISHED',
          'EXPIRED',
          'FAILED',
          'DELETED',
        ],
        fields: [
          'id',
          'status',
          'currency',
          'totalAmount',
          'preTaxAmount',
          'createdAt',
          'duration',
          'expiresAt',
          'items',
          'customer',
          'checkoutToken',
          'paymentMethodsAllowed',
          'url',
        ],
      },
    ),
  'hsa-provider': () =>
    harness(
      'hsa-provider',
      (httpClient) =>
        hsaProvider({
          apiKey: canaries['hsa-provider'].apiKey,
          webhookSecret: canaries['hsa-provider'].webhookSecret,
          httpClient,
          retry,
          now,
        }),
      {
        knownStatuses: ['active', 'paid', 'expired', 'cancelled'],
        fields: [
          'id',
          'status',
          'currency',
          'amount_cents',
          'amount',
          'products',
          'customer',
          'order',
          'subscription',
          'metadata',
          'expires_at',
          'created_at',
          'paid_at',
          'cancelled_at',
        ],
      },
    ),
};

/** Whether a returned link is one core's own codec accepts. */
export const isValidLink = (link: unknown): boolean => PaymentLink.is(link);
