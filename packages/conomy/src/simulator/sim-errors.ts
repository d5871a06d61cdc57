import { randomUUID } from 'node:crypto';

import type { SimResponse } from '@paylinks/testing';

/** Conomy's documented error codes: code, type and HTTP status. */
export const conomyErrors = {
  serverError: { code: '01', status: 500 },
  unknown: { code: '02', status: 500 },
  invalidParam: { code: '11', status: 400 },
  missingParam: { code: '12', status: 400 },
  alreadyExist: { code: '13', status: 409 },
  parsingResource: { code: '14', status: 400 },
  failedPrecondition: { code: '21', status: 422 },
  notFound: { code: '31', status: 404 },
  tooManyRequests: { code: '32', status: 429 },
  unauthorized: { code: '41', status: 401 },
  unimplemented: { code: '42', status: 501 },
  forbiddenOperation: { code: '43', status: 403 },
} as const;

export type ConomyErrorType = keyof typeof conomyErrors;

/** An answer in Conomy's error format: `{ status, code, type, detail, traceId }`. */
export function conomyError(
  type: ConomyErrorType,
  detail: string,
  options: { readonly status?: number; readonly headers?: Record<string, string> } = {},
): SimResponse {
  const status = options.status ?? conomyErrors[type].status;
  return {
    status,
    ...(options.headers !== undefined ? { headers: options.headers } : {}),
    json: { status, code: conomyErrors[type].code, type, detail, traceId: randomUUID() },
  };
}

/** The error a bare HTTP status stands for (fault injection). */
export function conomyErrorForStatus(status: number, retryAfterSeconds?: number): SimResponse {
  const type: ConomyErrorType =
    status === 400
      ? 'invalidParam'
      : status === 401
        ? 'unauthorized'
        : status === 403
          ? 'forbiddenOperation'
          : status === 404
            ? 'notFound'
            : status === 409
              ? 'alreadyExist'
              : status === 422
                ? 'failedPrecondition'
                : status === 429
                  ? 'tooManyRequests'
                  : status === 501
                    ? 'unimplemented'
                    : status >= 500
                      ? 'serverError'
                      : 'unknown';
  return conomyError(type, `simulated HTTP ${status}`, {
    status,
    ...(retryAfterSeconds !== undefined ? { headers: { 'retry-after': String(retryAfterSeconds) } } : {}),
  });
}
