import {
  defaultMaxWebhookBytes,
  headerValue,
  type PaymentLinkError,
  rawBodyBuffer,
  readWebhookJson,
  rejectWebhook,
  requireWebhookSecrets,
  signTimestamped,
  timingSafeEqualString,
  verifyTimestampedSignature,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookRequest,
  type WebhookSecrets,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';

import { HsaWebhookData, HsaWebhookEnvelope } from './hsa-api.js';

/** Header of the older, timestamped signature. */
export const hsaSignatureHeader = 'X-Gale-Signature';

/** What {@link parseHsaWebhook} needs. */
export interface HsaWebhookOptions {
  /** Adapter id stamped on events and errors. */
  readonly provider: string;
  /** The endpoint secret, or several during a rotation; without one every notification is refused. */
  readonly secret: WebhookSecrets | undefined;
  /** Seconds `t=` may be away from `now` (default 300). */
  readonly toleranceSeconds?: number;
  /** The clock. */
  readonly now: Date;
  /** Metadata key carrying the merchant reference. */
  readonly referenceKey: string;
  /** Largest body accepted (default 1 MiB). */
  readonly maxBytes?: number;
}

/**
 * Provider event names and what they mean. An order is one payment attempt:
 * `order.created` follows `payment_link.paid`; a refund updates a paid link.
 * @see https://docs.withgale.com/developer-manual/webhooks
 */
export function mapHsaEventType(raw: string): WebhookEventType {
  switch (raw) {
    case 'payment_link.created':
      return 'link.created';
    case 'payment_link.paid':
      return 'link.paid';
    case 'payment_link.expired':
      return 'link.expired';
    case 'payment_link.cancelled':
      return 'link.cancelled';
    case 'order.created':
      return 'attempt.created';
    case 'order.completed':
      return 'attempt.succeeded';
    case 'order.failed':
      return 'attempt.failed';
    default:
      // order.refunded, subscription.* and events added later: something changed; re-fetch to see what.
      return 'link.updated';
  }
}

function verify(
  request: WebhookRequest,
  bytes: Buffer,
  options: HsaWebhookOptions,
): E.Either<PaymentLinkError, number | undefined> {
  const { provider, secret } = options;
  const required = requireWebhookSecrets(provider, secret, 'set the endpoint secret from the dashboard');
  if (E.isLeft(required)) return required;
  const secrets = required.right;
  const signature = headerValue(request.headers, hsaSignatureHeader);
  if (signature !== undefined) {
    return verifyTimestampedSignature({
      provider,
      header: signature,
      headerName: hsaSignatureHeader,
      rawBody: bytes,
      secret: secrets,
      now: options.now,
      ...(options.toleranceSeconds !== undefined ? { toleranceSeconds: options.toleranceSeconds } : {}),
    });
  }
  const authorization = headerValue(request.headers, 'authorization');
  if (authorization === undefined) {
    return rejectWebhook(
      provider,
      'missing_signature',
      `no ${hsaSignatureHeader} or Authorization header: is this request from ${provider}, and is the endpoint registered with a secret?`,
    );
  }
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  if (match === null)
    return rejectWebhook(
      provider,
      'malformed_signature',
      'Authorization header is not of the form Bearer <endpoint secret>',
    );
  const given = (match[1] as string).trim();
  if (!secrets.some((key) => timingSafeEqualString(key, given))) {
    return rejectWebhook(
      provider,
      'signature_mismatch',
      'Authorization bearer token does not match the webhook secret: check webhookSecret',
    );
  }
  return E.right(undefined);
}

const text = (value: string | null | undefined) =>
  value === null || value === undefined || value === '' ? undefined : value;

/**
 * Verifies and parses an HSA/FSA provider notification (`{type, data}`).
 * Accepts `X-Gale-Signature: t=<unix>,v1=<hex>` (HMAC-SHA256 of `<t>.<raw body>`,
 * within the tolerance) or `Authorization: Bearer <endpoint secret>`.
 */
export function parseHsaWebhook(
  request: WebhookRequest,
  options: HsaWebhookOptions,
): E.Either<PaymentLinkError, WebhookEvent> {
  const { provider } = options;
  const bytes = rawBodyBuffer(request.rawBody);
  const maxBytes = options.maxBytes ?? defaultMaxWebhookBytes;
  // Size first (no HMAC over a huge body), then the signature, then the JSON.
  if (bytes.length === 0 || bytes.length > maxBytes)
    return readWebhookJson(provider, bytes, maxBytes) as E.Either<PaymentLinkError, never>;
  return pipe(
    verify(request, bytes, options),
    E.chain((signedAt) =>
      pipe(
        readWebhookJson(provider, bytes, maxBytes),
        E.bimap(
          (e): PaymentLinkError => e,
          ({ body }) => ({ body, signedAt }),
        ),
      ),
    ),
    E.chain(({ body, signedAt }) => {
      const envelope = HsaWebhookEnvelope.decode(body);
      if (E.isLeft(envelope))
        return rejectWebhook(
          provider,
          'malformed_body',
          'webhook body is not an HSA event ({ "type": string, "data": object })',
        );
      const dataResult = HsaWebhookData.decode(envelope.right.data);
      const data = E.isRight(dataResult) ? dataResult.right : {};
      const rawType = envelope.right.type;
      const isOrder = rawType.startsWith('order.');
      const isLink = rawType.startsWith('payment_link.');
      const linkId = isLink
        ? text(data.id)
        : isOrder
          ? (text(data.payment_link_id) ?? text(data.payment_link?.id))
          : text(data.payment_link_id);
      const orderId = isOrder ? text(data.id) : text(data.order?.id);
      const reference = data.metadata?.[options.referenceKey];
      const occurredAt =
        envelope.right.created_at ?? (signedAt !== undefined ? new Date(signedAt * 1000) : undefined);
      const event: WebhookEvent = {
        provider,
        type: mapHsaEventType(rawType),
        rawType,
        verified: true,
        raw: body,
        ...(text(envelope.right.id) !== undefined ? { eventId: envelope.right.id as string } : {}),
        ...(linkId !== undefined ? { linkId } : {}),
        ...(orderId !== undefined ? { orderId } : {}),
        ...(typeof reference === 'string' ? { reference } : {}),
        ...(occurredAt !== undefined ? { occurredAt } : {}),
      };
      return E.right(event);
    }),
  );
}

/**
 * Signs a test payload the way the provider does: the `X-Gale-Signature`
 * header value `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.
 *
 * @example
 * const body = JSON.stringify({ type: 'payment_link.paid', data: link })
 * const headers = { 'X-Gale-Signature': signHsaWebhook(secret, body, Math.floor(Date.now() / 1000)) }
 */
export function signHsaWebhook(
  secret: string,
  rawBody: string | Uint8Array,
  timestampSeconds: number,
): string {
  return signTimestamped(secret, rawBody, timestampSeconds);
}
