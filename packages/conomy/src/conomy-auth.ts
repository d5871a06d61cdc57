import {
  type AuthStrategy,
  type HttpClient,
  networkError,
  type ObserverSlot,
  type PaymentLinkError,
  PaymentLinkException,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';

import { ConomyAuthResponse } from './conomy-api.js';
import { conomyProviderId } from './conomy-provider-id.js';

/** A bearer token and when to renew it (ms since the epoch; none for a token of unknown lifetime). */
interface Token {
  readonly value: string;
  readonly renewAt?: number;
}

/** Options of {@link createConomyAuth}. */
export interface ConomyAuthOptions {
  /** The boundary for `POST /auth` (no bearer on it). */
  readonly authHttp: HttpClient;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** A ready token: used first, and for good when there are no client credentials. */
  readonly accessToken?: string;
  readonly now: () => Date;
  /** Renew this many seconds before expiry (capped at half the token's lifetime). */
  readonly marginSeconds: number;
}

/** The Conomy bearer token's life cycle; see {@link createConomyAuth}. */
export interface ConomyAuth {
  /**
   * The strategy the API boundary uses: a valid bearer token on every request
   * (obtained or renewed first when needed; a refused `POST /auth` fails the
   * request with its own error), and one renewal on a 401.
   */
  readonly strategy: AuthStrategy;
  /** The token in use (for redaction). */
  readonly currentToken: () => string | undefined;
}

/**
 * Asks `POST /auth` for a token. `observerSlot` is the slot of the call that
 * needed the token: its observer sees the token request too.
 */
async function requestToken(
  options: ConomyAuthOptions,
  observerSlot?: ObserverSlot,
): Promise<E.Either<PaymentLinkError, Token>> {
  const startedAt = options.now().getTime();
  const answer = await options.authHttp.request({
    operation: 'auth',
    method: 'POST',
    path: '/auth',
    pathTemplate: '/auth',
    body: { clientId: options.clientId, clientSecret: options.clientSecret },
    codec: ConomyAuthResponse,
    // Asking for a token changes nothing at Conomy: safe to retry like a read.
    retryable: true,
    ...(observerSlot !== undefined ? { observerSlot } : {}),
  })();
  return pipe(
    answer,
    // The boundary's advice names an API key; at POST /auth it is the client credentials that were refused.
    E.mapLeft((error): PaymentLinkError =>
      error._tag === 'AuthenticationError'
        ? {
            ...error,
            message: `auth failed: conomy refused the client credentials at POST /auth${
              error.providerMessage !== undefined ? ` (${error.providerMessage})` : ''
            }: check clientId and clientSecret (and apiKey, sent as x-api-key)`,
          }
        : error,
    ),
    E.map(({ data }): Token => {
      const lifetime = Number(data.expiresIn);
      const margin = Math.min(options.marginSeconds, Math.floor(lifetime / 2));
      // Counted from when the request left, so a slow answer never makes the token look younger than it is.
      return { value: data.accessToken, renewAt: startedAt + (lifetime - margin) * 1000 };
    }),
  );
}

/** The shared renewal, waited for no longer than the call's own timeout and signal allow. */
function waitForToken(
  token: Promise<E.Either<PaymentLinkError, Token>>,
  call: { readonly signal?: AbortSignal; readonly timeoutMs: number },
): Promise<E.Either<PaymentLinkError, Token>> {
  return new Promise((resolve) => {
    const settle = (result: E.Either<PaymentLinkError, Token>) => {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const giveUp = (code: 'ETIMEDOUT' | 'ABORTED', message: string) =>
      settle(
        E.left(
          networkError({
            provider: conomyProviderId,
            operation: 'auth',
            code,
            ambiguous: false,
            message,
            retryable: code === 'ETIMEDOUT',
          }),
        ),
      );
    const onAbort = () => giveUp('ABORTED', 'auth: aborted by the caller while waiting for a token');
    const timer = setTimeout(
      () => giveUp('ETIMEDOUT', `auth: no token within ${call.timeoutMs} ms`),
      call.timeoutMs,
    );
    if (call.signal?.aborted === true) return onAbort();
    call.signal?.addEventListener('abort', onAbort, { once: true });
    void token.then(settle);
  });
}

/**
 * Obtains the bearer token at `POST /auth`, caches it, renews it a margin
 * before it expires (against the injected clock) and once when a call is
 * answered 401. Concurrent calls share one renewal: while a `POST /auth` is
 * in flight, every caller waits for that same answer.
 *
 * A request that gets a 401 renews only if the token it was sent with (the
 * boundary hands back the refused headers) is still the current one; when
 * another call already renewed, it just retries with the new token.
 */
export function createConomyAuth(options: ConomyAuthOptions): ConomyAuth {
  const canRenew = options.clientId !== undefined && options.clientSecret !== undefined;
  let current: Token | undefined =
    options.accessToken !== undefined ? { value: options.accessToken } : undefined;
  let inFlight: Promise<E.Either<PaymentLinkError, Token>> | undefined;

  const renew = (observerSlot?: ObserverSlot): Promise<E.Either<PaymentLinkError, Token>> => {
    if (inFlight === undefined) {
      inFlight = requestToken(options, observerSlot)
        .then((token) => {
          if (E.isRight(token)) current = token.right;
          return token;
        })
        .finally(() => {
          inFlight = undefined;
        });
    }
    return inFlight;
  };

  const fresh = (token: Token | undefined): token is Token =>
    token !== undefined && (token.renewAt === undefined || options.now().getTime() < token.renewAt);

  const ensure = async (observerSlot?: ObserverSlot): Promise<E.Either<PaymentLinkError, Token>> => {
    if (fresh(current)) return E.right(current);
    if (!canRenew && current !== undefined) return E.right(current);
    return renew(observerSlot);
  };

  const strategy: AuthStrategy = {
    headers: async (call) => {
      // A renewal is shared by every waiting call and runs to its end; each call waits for it no
      // longer than its own timeout and signal allow.
      const token = await waitForToken(ensure(call.observerSlot), call);
      // The boundary turns this into the request's own error value (never a rejection).
      if (E.isLeft(token)) throw new PaymentLinkException(token.left);
      return { Authorization: `Bearer ${token.right.value}` };
    },
    onUnauthorized: async (sent) => {
      if (!canRenew) return false;
      const used = sent['Authorization'];
      if (used !== undefined && current !== undefined && used !== `Bearer ${current.value}`) return true;
      return E.isRight(await renew());
    },
  };

  return { strategy, currentToken: () => current?.value };
}
