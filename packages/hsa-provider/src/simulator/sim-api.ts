// What every /v2 request goes through before and after its route: the API
// key, the rate limit, the JSON check, idempotency keys, after-processing faults.
import type { AfterProcessingFaults, IdempotencyStore, SimRequest, SimResponse } from '@paylinks/testing';

import type { HsaSimContext } from './sim-context.js';
import type { RateLimiter } from './sim-rate-limit.js';
import { routeApi } from './sim-routes.js';
import { newId } from './sim-state.js';

/** The API's gatekeepers, besides the shared context. */
export interface HsaApiContext extends HsaSimContext {
  readonly validKeys: ReadonlySet<string>;
  readonly limiter: RateLimiter;
  readonly idempotency: IdempotencyStore;
  readonly after: AfterProcessingFaults;
}

const idempotencyConflict = {
  status: 409,
  code: 'conflict',
  message: 'Idempotency-Key was already used with a different request; use a new key for a new request',
};

/** Answers one API request, every answer with an `X-Request-Id`. */
export async function handleApi(ctx: HsaApiContext, req: SimRequest): Promise<SimResponse> {
  const requestId = { 'X-Request-Id': newId('req') };
  const auth = /^Bearer\s+(.+)$/i.exec(String(req.headers['authorization'] ?? '').trim());
  const key = auth?.[1]?.trim();
  if (key === undefined || !ctx.validKeys.has(key)) {
    return ctx.fail({ status: 401, code: 'unauthorized', message: 'Invalid or missing API key' }, requestId);
  }
  const verdict = ctx.limiter.take(key);
  if (verdict.retryAfterSeconds !== undefined) {
    const wait = verdict.retryAfterSeconds;
    return ctx.fail(
      {
        status: 429,
        code: 'rate_limit_exceeded',
        message: `Too many requests. Please try again in ${wait} seconds.`,
      },
      { ...verdict.headers, 'Retry-After': String(wait), ...requestId },
    );
  }
  if (req.method === 'POST' && req.rawBody.length > 0 && req.json === undefined) {
    return ctx.fail(
      { status: 400, code: 'bad_request', message: 'Malformed JSON' },
      { ...verdict.headers, ...requestId },
    );
  }
  const response = ctx.idempotency.answer(
    req,
    key,
    () => routeApi(ctx, req),
    () => ctx.fail(idempotencyConflict),
  );
  return ctx.after.apply({ ...response, headers: { ...response.headers, ...verdict.headers, ...requestId } });
}
