// A complete adapter for "Tinypay", a made-up provider, built only with @paylinks/core/adapter.
// docs/adding-a-provider.md walks through it; docs/examples/tinypay/tinypay.test.ts runs it.
import {
  boundedString,
  type Capabilities,
  clockFrom,
  CommonSettings,
  type CurrencyCode,
  DateFromISOString,
  defineAdapter,
  defineEndpoint,
  headerValue,
  httpClientFromSettings,
  linkDecoder,
  linkStatus,
  type MinorUnits,
  nullable,
  type PaymentLink,
  type PaymentLinkProvider,
  type ProviderErrorDetails,
  rawBodyBuffer,
  readWebhookJson,
  requireWebhookSecrets,
  type UnifiedStatus,
  unreportedAttempts,
  validateCreateFor,
  verifyTimestampedSignature,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import * as t from 'io-ts';

/** The adapter id: in errors, events, `providerOptions.tinypay` and configuration. */
export const tinypayProviderId = 'tinypay';

/** 1. Settings: a codec, so bad and unknown settings are refused by name before anything runs. */
export const TinypaySettings = t.intersection([
  t.type({ apiKey: boundedString(200, 8) }),
  CommonSettings,
  t.partial({ webhookSecret: boundedString(200, 8) }),
]);
export type TinypaySettings = t.TypeOf<typeof TinypaySettings>;

/** 2. Wire codec: private, partial (only the fields read), conversions at the edge. */
const TinypayLink = t.intersection([
  t.type({
    id: t.string,
    ref: t.string,
    status: t.string,
    url: t.string,
    amount_minor: t.number,
    currency: t.string,
    created: DateFromISOString,
  }),
  t.partial({ description: nullable(t.string) }),
]);
type TinypayLink = t.TypeOf<typeof TinypayLink>;

/** 3. Statuses: one switch whose default is `unknown` (never a guess). */
export function mapTinypayStatus(raw: string): UnifiedStatus {
  switch (raw) {
    case 'open':
      return 'open';
    case 'paid':
      return 'paid';
    case 'expired':
      return 'expired';
    default:
      return 'unknown';
  }
}

/** 4. Wire -> model. */
function fromTinypayLink(wire: TinypayLink, raw: unknown): PaymentLink {
  return {
    provider: tinypayProviderId,
    id: wire.id,
    reference: wire.ref,
    url: wire.url,
    amount: { amount: wire.amount_minor as MinorUnits, currency: wire.currency as CurrencyCode },
    status: linkStatus(mapTinypayStatus(wire.status), wire.status),
    createdAt: wire.created,
    attempts: unreportedAttempts(), // Tinypay reports no payment attempts: never a made-up 0
    redirects: {},
    metadata: {},
    ...(typeof wire.description === 'string' ? { description: wire.description } : {}),
    raw,
  };
}

/** 5. Error bodies: the adapter only says how to read them; core classifies. */
const TinypayError = t.type({ error: t.partial({ code: t.string, message: t.string, field: t.string }) });
function readTinypayError(body: unknown): ProviderErrorDetails | undefined {
  const decoded = TinypayError.decode(body);
  if (E.isLeft(decoded)) return undefined;
  const { code, message, field } = decoded.right.error;
  return {
    ...(code !== undefined ? { code } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(field !== undefined ? { field: field === 'amount_minor' ? 'amount.amount' : field } : {}),
  };
}

/** 6. Capabilities: what the provider can do, as data. */
export const tinypayCapabilities: Capabilities = {
  requires: ['description'],
  refuses: ['lineItems', 'subscription', 'metadata', 'webhookUrl'],
  list: false,
  cancel: false,
  activate: false,
  delete: false,
  subscriptions: false,
  lineItems: false,
  metadata: false,
  idempotency: false,
  signedWebhooks: true,
  webhookUrlPerLink: false,
  reconcile: false,
};

/** 7. The endpoints, declared once: method, path template (ids as `{id}`) and answer codec. */
const endpoint = {
  create: defineEndpoint({
    provider: tinypayProviderId,
    operation: 'create',
    method: 'POST',
    path: '/links',
    codec: t.unknown,
  }),
  get: defineEndpoint({
    provider: tinypayProviderId,
    operation: 'get',
    method: 'GET',
    path: '/links/{id}',
    codec: t.unknown,
  }),
};

/** The provider: requests through the one boundary, never a try/catch around axios. */
function createTinypayProvider(settings: TinypaySettings): PaymentLinkProvider {
  const now = clockFrom(settings);
  const http = httpClientFromSettings(settings, {
    provider: tinypayProviderId,
    defaultBaseUrl: 'https://api.tinypay.example/v1',
    auth: { headers: () => ({ Authorization: `Bearer ${settings.apiKey}` }) },
    readError: readTinypayError,
    secrets: () => [settings.apiKey, settings.webhookSecret],
  });
  // One decoder for stored bodies (decodeLink) and for answers, which name their operation.
  const decodeLink = linkDecoder(TinypayLink, tinypayProviderId, fromTinypayLink);
  const provider: PaymentLinkProvider = {
    id: tinypayProviderId,
    capabilities: tinypayCapabilities,
    create: (input, options) => {
      // The checks every adapter runs first: core's, then what the capabilities refuse or require
      // (metadata, webhookUrl, a missing description here), all in one ValidationError.
      const valid = validateCreateFor(provider, input, now());
      if (E.isLeft(valid)) return TE.left({ ...valid.left, operation: 'create' });
      const { reference, amount, description } = valid.right;
      const body = { ref: reference, amount_minor: amount.amount, currency: amount.currency, description };
      return pipe(
        endpoint.create.send(http, {}, options, { body }),
        TE.chainEitherKW((response) => decodeLink(response.data, 'create')),
      );
    },
    // A bad id is a ValidationError before any request; a good one is percent-encoded into the path.
    get: (id, options) =>
      pipe(
        endpoint.get.send(http, { id }, options),
        TE.chainEitherKW((response) => decodeLink(response.data, 'get')),
      ),
    decodeLink,
    parseWebhook: (request) => {
      const secrets = requireWebhookSecrets(
        tinypayProviderId,
        settings.webhookSecret,
        'set it to the dashboard secret',
      );
      if (E.isLeft(secrets)) return secrets;
      const signed = verifyTimestampedSignature({
        provider: tinypayProviderId,
        header: headerValue(request.headers, 'Tinypay-Signature'),
        headerName: 'Tinypay-Signature',
        rawBody: rawBodyBuffer(request.rawBody),
        secret: secrets.right,
        now: now(),
      });
      if (E.isLeft(signed)) return signed;
      return pipe(
        readWebhookJson(tinypayProviderId, request.rawBody),
        E.map(({ body }) => ({
          provider: tinypayProviderId,
          type: body['type'] === 'link.paid' ? ('link.paid' as const) : ('link.updated' as const),
          rawType: String(body['type']),
          verified: true,
          ...(typeof body['link_id'] === 'string' ? { linkId: body['link_id'] } : {}),
          raw: body,
        })),
      );
    },
  };
  return provider;
}

/** 8. The factory: settings checked, every operation's arguments guarded. */
export const tinypay = defineAdapter({
  id: tinypayProviderId,
  settings: TinypaySettings,
  secretSettings: ['apiKey', 'webhookSecret'],
  create: createTinypayProvider,
});
