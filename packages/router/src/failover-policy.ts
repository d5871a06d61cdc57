// Whether a failed create may fail over: only when it certainly made nothing.
import type { PaymentLinkError, PaymentLinkProvider } from '@paylinks/core/adapter';

/**
 * What a failed create says about the link it was asked for:
 * - `nothing-made`: the provider certainly made no link; the next provider may be tried;
 * - `ambiguous`: the provider may have made it; resolve (reconcile, or replay the idempotency key)
 *   before anything else, and never fail over unless that finds no link;
 * - `stop`: do not fail over and do not guess (a link for this reference exists, or an answer that
 *   fits no rule above).
 */
export type CreateFailureVerdict =
  | { readonly kind: 'nothing-made'; readonly why: string }
  | { readonly kind: 'ambiguous'; readonly why: string }
  | { readonly kind: 'stop'; readonly why: string };

/**
 * The failover rule, one row per error (the table in core's README,
 * "Routing"). The HTTP boundary sets `ambiguous` on a create's
 * `NetworkError` unless the connection was refused before anything was
 * sent, and on a create's 5xx `ProviderError`; a token request (Conomy's
 * `POST /auth`) is never ambiguous.
 */
export function judgeCreateFailure(error: PaymentLinkError): CreateFailureVerdict {
  switch (error._tag) {
    case 'ValidationError':
      return { kind: 'nothing-made', why: 'the input was refused' };
    case 'UnsupportedError':
      return { kind: 'nothing-made', why: 'the provider lacks what the input needs' };
    case 'AuthenticationError':
    case 'PermissionError':
      return { kind: 'nothing-made', why: 'the credentials were refused' };
    case 'RateLimitError':
      return { kind: 'nothing-made', why: 'rate limited (429): refused before any work' };
    case 'ProviderError':
    case 'NetworkError':
      return error.ambiguous === true
        ? {
            kind: 'ambiguous',
            why:
              error._tag === 'NetworkError'
                ? 'no answer: the request may have reached the provider'
                : `HTTP ${error.httpStatus ?? '5xx'}: a gateway may answer so after the provider made the link`,
          }
        : { kind: 'nothing-made', why: 'the create was never sent' };
    case 'DecodeError':
      // An unreadable 2xx answer to the create itself: the link was most likely made.
      return error.operation === 'create'
        ? { kind: 'ambiguous', why: 'the provider answered the create with a body paylinks cannot read' }
        : {
            kind: 'nothing-made',
            why: `the ${error.operation ?? 'preliminary'} call failed before the create`,
          };
    case 'ConflictError':
      return { kind: 'stop', why: 'the provider reports a conflict (a link for this reference may exist)' };
    case 'NotFoundError':
    case 'WebhookVerificationError':
      return { kind: 'stop', why: `a create should never answer ${error._tag}` };
  }
}

/**
 * Whether a create error on this provider may hide an earlier try that
 * reached it. Core's HTTP boundary retries a create that carries an
 * idempotency key, and answers the last try's error: a timeout (the request
 * may land later) followed by a 429, a 401 or a refused connection comes
 * back as that last error alone. So on a provider that takes keys, only a
 * refusal made before any request (a `ValidationError` or
 * `UnsupportedError` without `httpStatus`) is beyond doubt; anything else
 * is settled by replaying the key before failing over. Providers without
 * keys retry a create only after a 429 or a connection refused before
 * sending, so their last error tells the whole story.
 */
export function mayHideEarlierTry(error: PaymentLinkError, provider: PaymentLinkProvider): boolean {
  if (!provider.capabilities.idempotency) return false;
  const refusedBeforeSending =
    (error._tag === 'ValidationError' || error._tag === 'UnsupportedError') && error.httpStatus === undefined;
  return !refusedBeforeSending;
}
