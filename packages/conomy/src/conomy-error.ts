import type { PaymentLinkErrorTag, ProviderErrorDetails } from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

/**
 * Conomy's error body, the same on every endpoint:
 * `{ status, code, type, detail, traceId }`.
 *
 * @see https://developers.conomyhq.com/api-reference/errors
 */
export const ConomyErrorBody = t.partial({
  status: t.union([t.number, t.string, t.null]),
  code: t.union([t.string, t.number, t.null]),
  type: t.union([t.string, t.null]),
  detail: t.union([t.string, t.null]),
  traceId: t.union([t.string, t.null]),
});
export type ConomyErrorBody = t.TypeOf<typeof ConomyErrorBody>;

/** The documented error `type` of each code, to recover a code when only the type came. */
const codeOfType: Readonly<Record<string, string>> = {
  serverError: '01',
  unknown: '02',
  invalidParam: '11',
  missingParam: '12',
  alreadyExist: '13',
  parsingResource: '14',
  failedPrecondition: '21',
  notFound: '31',
  tooManyRequests: '32',
  unauthorized: '41',
  unimplemented: '42',
  forbiddenOperation: '43',
};

/**
 * The tag of each documented code. `21 failedPrecondition` (422: the link is
 * in a state that does not allow the operation, e.g. deleting an ACTIVE
 * link) is a `ConflictError`, not the `ValidationError` a bare 422 would be.
 * `42 unimplemented` (501) stays a non-retryable `ProviderError`.
 */
export const conomyCodeTags: Readonly<Record<string, PaymentLinkErrorTag>> = {
  '01': 'ProviderError',
  '02': 'ProviderError',
  '11': 'ValidationError',
  '12': 'ValidationError',
  '13': 'ConflictError',
  '14': 'ValidationError',
  '21': 'ConflictError',
  '31': 'NotFoundError',
  '32': 'RateLimitError',
  '41': 'AuthenticationError',
  '42': 'ProviderError',
  '43': 'PermissionError',
};

/** `"11"`, `11` and `"011"` all read as `"11"`; `1` as `"01"`. */
function normalizeCode(code: string | number): string {
  const text = String(code).trim();
  return /^\d+$/.test(text) ? String(Number(text)).padStart(2, '0') : text;
}

/** Reads Conomy's error body into what the HTTP boundary classifies; `undefined` when it is not one. */
export function readConomyError(body: unknown): ProviderErrorDetails | undefined {
  const decoded = ConomyErrorBody.decode(body);
  if (E.isLeft(decoded) || typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { code, type, detail, traceId } = decoded.right;
  const normalized =
    code !== undefined && code !== null && String(code).trim() !== ''
      ? normalizeCode(code)
      : type !== undefined && type !== null
        ? codeOfType[type]
        : undefined;
  const message = detail ?? type ?? undefined;
  if (normalized === undefined && message === undefined && (traceId ?? undefined) === undefined)
    return undefined;
  return {
    ...(normalized !== undefined ? { code: normalized } : {}),
    ...(message !== undefined && message !== null ? { message } : {}),
    ...(traceId !== undefined && traceId !== null ? { requestId: traceId } : {}),
  };
}
