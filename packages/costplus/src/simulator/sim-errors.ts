import type { SimResponse } from '@paylinks/testing';

const unauthorizedMessage =
  "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.";

const statusTypes: Record<number, string> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** An error as Cost+ answers it: the werkzeug form for 401, the documented `{error: {status, type, value}}` otherwise. */
export function errorResponse(status: number, value?: string, retryAfterSeconds?: number): SimResponse {
  const headers: Record<string, string> =
    retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {};
  if (status === 401) {
    return {
      status,
      headers: { ...headers, 'WWW-Authenticate': 'Basic realm="Authentication Required"' },
      json: { error: 'werkzeug.exceptions.Unauthorized', message: unauthorizedMessage },
    };
  }
  const type = statusTypes[status] ?? (status >= 500 ? 'InternalServerError' : 'BadRequest');
  return { status, headers, json: { error: { status, type, value: value ?? type } } };
}
