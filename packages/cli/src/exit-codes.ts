import type { PaymentLinkError } from '@paylinks/core';

/**
 * The `paylinks` exit codes.
 *
 * | code | meaning |
 * |---|---|
 * | 0 | done (`watch`: the link is paid) |
 * | 1 | `watch`: the link reached a final status other than paid; `demo`: a provider did not end paid |
 * | 2 | bad input: unknown flag, missing argument, bad configuration (a database that refuses the user or password of `PAYLINKS_DATABASE_URL`, or has no such database, included), `ValidationError`, or an operation the provider lacks |
 * | 3 | the provider refused or failed (authentication, permission, not found, conflict, rate limit, 5xx, undecodable answer, webhook verification) |
 * | 4 | network failure (the database cannot be reached included), or `watch` timed out |
 *
 * A database failure never exits 1, which means "not paid".
 */
export const ExitCode = {
  ok: 0,
  notPaid: 1,
  usage: 2,
  provider: 3,
  network: 4,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code for a failed operation. */
export function exitCodeFor(error: PaymentLinkError): ExitCode {
  switch (error._tag) {
    case 'ValidationError':
    case 'UnsupportedError':
      return ExitCode.usage;
    case 'NetworkError':
      return ExitCode.network;
    case 'AuthenticationError':
    case 'PermissionError':
    case 'NotFoundError':
    case 'ConflictError':
    case 'RateLimitError':
    case 'ProviderError':
    case 'DecodeError':
    case 'WebhookVerificationError':
      return ExitCode.provider;
  }
}
