import type { SimResponse } from '@paylinks/testing';

/** An error the simulated API answers with. */
export interface SimError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** Wire field name and its problems (`details.field_errors`). */
  readonly fieldErrors?: Readonly<Record<string, ReadonlyArray<string>>>;
}

/** Which error envelope the simulator writes: the current `{error: {...}}` or the older `{success: false, ...}`. */
export type ErrorEnvelope = 'current' | 'legacy';

/** The documented code for an HTTP status. */
export function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 422:
      return 'validation_error';
    case 429:
      return 'rate_limit_exceeded';
    default:
      return status >= 500 ? 'internal_error' : 'bad_request';
  }
}

const defaultMessages: Readonly<Record<string, string>> = {
  bad_request: 'Bad request',
  unauthorized: 'Invalid or missing API key',
  forbidden: 'Not permitted',
  not_found: 'Resource not found',
  conflict: 'Invalid state change',
  validation_error: 'Validation failed',
  rate_limit_exceeded: 'Too many requests',
  internal_error: 'Something went wrong on our side',
};

/** A simulated error for a bare status (fault injection). */
export function statusError(status: number): SimError {
  const code = codeForStatus(status);
  return { status, code, message: defaultMessages[code] ?? `HTTP ${status}` };
}

// The older envelope names a 422 `unprocessable_entity` and carries the HTTP status as error_code.
const legacyTypes: Readonly<Record<string, string>> = { validation_error: 'unprocessable_entity' };

/** Writes an error in the chosen envelope. */
export function errorResponse(
  error: SimError,
  envelope: ErrorEnvelope,
  headers: Readonly<Record<string, string>> = {},
): SimResponse {
  const details = error.fieldErrors !== undefined ? { field_errors: error.fieldErrors } : undefined;
  const json =
    envelope === 'current'
      ? { error: { code: error.code, message: error.message, ...(details !== undefined ? { details } : {}) } }
      : {
          success: false,
          error_code: error.status,
          error_type: legacyTypes[error.code] ?? error.code,
          error_message: error.message,
          details: details ?? {},
        };
  return { status: error.status, headers, json };
}
