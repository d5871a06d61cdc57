import {
  headerValue,
  hmacSha256Hex,
  readWebhookJson,
  rejectWebhook,
  requireWebhookSecrets,
  timingSafeEqualHex,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookRequest,
  type WebhookSecrets,
  type WebhookVerificationError,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

import { referenceFromCheckoutToken } from './conomy-checkout-token.js';
import { conomyProviderId } from './conomy-provider-id.js';

const provider = conomyProviderId;

/** The header of the older signature form: hex HMAC-SHA256 of the raw body. */
export const conomySignatureHeader = 'X-Webhook-Signature';

/** A Conomy notification before it is signed: `{ event, data: { transaction } }`. */
export interface ConomyWebhookPayload {
  readonly event: string;
  readonly data: unknown;
}

/** The transaction snapshot a notification carries (every field a string). */
const ConomyWebhookBody = t.type({
  event: t.string,
  data: t.partial({
    transaction: t.partial({
      id: t.string,
      purchaseAmount: t.string,
      totalAmount: t.string,
      externalId: t.string,
      currency: t.string,
      status: t.string,
    }),
  }),
});

/**
 * The preferred (newer) signature: hex HMAC-SHA256, with the webhook secret,
 * of `JSON.stringify({ event, data })`, sent in the body's `signature` field.
 *
 * @see https://conomy-docs.pages.dev/payments/handling-webhooks/
 */
export function conomyWebhookSignature(secret: string, payload: ConomyWebhookPayload): string {
  return hmacSha256Hex(secret, JSON.stringify({ event: payload.event, data: payload.data }));
}

/**
 * Signs a test notification the way Conomy does. `body` (default, the
 * preferred form) puts `signature` in the JSON body; `header` sends the
 * older `X-Webhook-Signature` over the raw body; `both` does both.
 *
 * @example
 * const { rawBody, headers } = signConomyWebhook(secret, { event: 'Transaction.Captured', data: { transaction } })
 */
export function signConomyWebhook(
  secret: string,
  payload: ConomyWebhookPayload,
  options: { readonly form?: 'body' | 'header' | 'both' } = {},
): { readonly rawBody: string; readonly headers: Record<string, string> } {
  const form = options.form ?? 'body';
  const rawBody =
    form === 'header'
      ? JSON.stringify({ event: payload.event, data: payload.data })
      : JSON.stringify({
          event: payload.event,
          data: payload.data,
          signature: conomyWebhookSignature(secret, payload),
        });
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (form !== 'body') headers[conomySignatureHeader] = hmacSha256Hex(secret, rawBody);
  return { rawBody, headers };
}

/**
 * Conomy's events in the normalized vocabulary. CAPTURED is the payment
 * going through (the link is paid); RECEIVED comes after it, when the funds
 * arrive, so it reports the attempt's success rather than paying twice.
 */
function eventType(event: string): WebhookEventType {
  switch (event) {
    case 'Transaction.Captured':
      return 'link.paid';
    case 'Transaction.Received':
      return 'attempt.succeeded';
    case 'Transaction.Failed':
      return 'attempt.failed';
    default:
      return 'link.updated';
  }
}

const fail = (reason: WebhookVerificationError['reason'], message: string) =>
  rejectWebhook(provider, reason, message);

const hexSignature = /^(?:sha256=)?([0-9a-f]{64})$/i;

/**
 * Verifies and parses a Conomy notification. Either documented signature
 * form is accepted: the body's `signature` field over
 * `JSON.stringify({event, data})` (checked first), or the
 * `X-Webhook-Signature` header over the raw body. Comparisons are
 * timing-safe; `secret` may list several (a rotation). Conomy signs no timestamp, so there is no replay window:
 * de-duplicate on `eventId` (event, transaction id and status, as Conomy
 * advises) since delivery is at-least-once.
 *
 * The event names no payment link: `orderId` is the transaction id and
 * `reference` its `externalId` (the link's checkoutToken for link payments,
 * read back to the merchant reference it was derived from);
 * the provider's `resolveWebhookLink` finds the link from it.
 */
export function parseConomyWebhook(
  request: WebhookRequest,
  secret: WebhookSecrets | undefined,
  maxBytes?: number,
): E.Either<WebhookVerificationError, WebhookEvent> {
  try {
    return parse(request, secret, maxBytes);
  } catch {
    // An exported parser never throws, whatever the body (core bounds nesting; this is the backstop).
    return fail('malformed_body', 'the body could not be read as a Conomy notification');
  }
}

function parse(
  request: WebhookRequest,
  secret: WebhookSecrets | undefined,
  maxBytes: number | undefined,
): E.Either<WebhookVerificationError, WebhookEvent> {
  const read = readWebhookJson(provider, request.rawBody, maxBytes);
  if (E.isLeft(read)) return read;
  const { body, bytes } = read.right;
  const required = requireWebhookSecrets(
    provider,
    secret,
    'set it to the secret key registered with the webhook URL',
  );
  if (E.isLeft(required)) return required;
  const secrets = required.right;
  const bodySignature = body['signature'];
  const headerSignature = headerValue(request.headers, conomySignatureHeader);
  const given = [
    typeof bodySignature === 'string' ? { form: 'body' as const, value: bodySignature.trim() } : undefined,
    headerSignature !== undefined && headerSignature.trim() !== ''
      ? { form: 'header' as const, value: headerSignature.trim() }
      : undefined,
  ].filter((g) => g !== undefined);
  if (given.length === 0) {
    return fail(
      'missing_signature',
      `no signature field in the body and no ${conomySignatureHeader} header: is a secret key registered with the webhook URL?`,
    );
  }
  const wellFormed = given.flatMap((g) => {
    const match = hexSignature.exec(g.value);
    return match === null ? [] : [{ form: g.form, hex: match[1] as string }];
  });
  if (wellFormed.length === 0) {
    return fail('malformed_signature', 'the signature is not a 64-character hex HMAC-SHA256 digest');
  }
  const signedPayload = JSON.stringify({ event: body['event'], data: body['data'] });
  // Every configured secret is tried: during a rotation Conomy signs with the old or the new one.
  const verified = wellFormed.filter((g) =>
    secrets.some((key) =>
      timingSafeEqualHex(hmacSha256Hex(key, g.form === 'body' ? signedPayload : bytes), g.hex),
    ),
  );
  if (verified.length === 0) {
    return fail(
      'signature_mismatch',
      'the signature does not match: check the webhook secret, and pass the raw body exactly as received',
    );
  }
  const decoded = ConomyWebhookBody.decode(body);
  if (E.isLeft(decoded)) {
    return fail('malformed_body', 'the body is not a Conomy notification ({ event, data: { transaction } })');
  }
  const { event, data } = decoded.right;
  const transaction = data.transaction;
  const out: WebhookEvent = {
    provider,
    type: eventType(event),
    rawType: event,
    verified: true,
    // The body-signature form covers only { event, data }: other fields beside them are nobody's word.
    raw: verified.some((g) => g.form === 'header')
      ? body
      : { event: body['event'], data: body['data'], signature: body['signature'] },
    ...(transaction?.id !== undefined ? { orderId: transaction.id } : {}),
    ...(transaction?.externalId !== undefined && transaction.externalId !== ''
      ? { reference: referenceFromCheckoutToken(transaction.externalId) }
      : {}),
    ...(transaction?.id !== undefined
      ? { eventId: `${event}:${transaction.id}:${transaction.status ?? ''}` }
      : {}),
  };
  return E.right(out);
}
