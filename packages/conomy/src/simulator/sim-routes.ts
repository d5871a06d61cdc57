// The API under the environment prefix: `POST /auth` and the payment-link endpoints.
import type { SimRequest, SimResponse } from '@paylinks/testing';

import type { ConomySimContext } from './sim-context.js';
import { conomyError } from './sim-errors.js';
import type { SimLink } from './sim-state.js';
import { parseCreateBody } from './sim-validate.js';
import { linkJson } from './sim-wire.js';

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

const answer = (ctx: ConomySimContext, link: SimLink, status = 200): SimResponse => ({
  status,
  json: linkJson(link, ctx.amountFormat),
});
const notFound = (id: string) => conomyError('notFound', `payment link ${id} not found`);

/** `POST /auth`: a token for the right `x-api-key`, `clientId` and `clientSecret`. */
function issueToken(ctx: ConomySimContext, request: SimRequest): SimResponse {
  if (request.headers['x-api-key'] !== ctx.credentials.apiKey)
    return conomyError('unauthorized', 'missing or invalid x-api-key');
  const body = request.json;
  if (!isRecord(body)) return conomyError('parsingResource', 'the request body could not be parsed');
  if (body['clientId'] === undefined) return conomyError('missingParam', 'clientId is required');
  if (body['clientSecret'] === undefined) return conomyError('missingParam', 'clientSecret is required');
  if (
    body['clientId'] !== ctx.credentials.clientId ||
    body['clientSecret'] !== ctx.credentials.clientSecret
  ) {
    return conomyError('unauthorized', 'invalid client credentials');
  }
  const accessToken = ctx.tokens.issue();
  return {
    status: 200,
    json: { accessToken, tokenType: 'Bearer', expiresIn: ctx.tokenLifetimeSeconds },
  };
}

/** Every other call: `User-Agent`, `x-api-key` and a live bearer token; the refusal, or undefined. */
function refuse(ctx: ConomySimContext, request: SimRequest): SimResponse | undefined {
  if (typeof request.headers['user-agent'] !== 'string' || request.headers['user-agent'] === '') {
    return conomyError('missingParam', 'User-Agent header is required');
  }
  if (request.headers['x-api-key'] !== ctx.credentials.apiKey)
    return conomyError('unauthorized', 'missing or invalid x-api-key');
  const header = request.headers['authorization'];
  const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
  const refused = ctx.tokens.check(token);
  if (refused === 'missing') return conomyError('unauthorized', 'missing or invalid bearer token');
  if (refused === 'expired') return conomyError('unauthorized', 'the access token has expired');
  return undefined;
}

/** Whether the list filters (comma-separated values) match a link. */
function matchesFilters(link: SimLink, query: URLSearchParams): boolean {
  const list = (name: string) => {
    const value = query.get(name);
    return value === null || value === '' ? undefined : value.split(',').map((v) => v.trim());
  };
  const ids = list('id');
  if (ids !== undefined && !ids.includes(link.id)) return false;
  const statuses = list('status');
  if (statuses !== undefined && !statuses.includes(link.status)) return false;
  const emails = list('customer.email');
  if (emails !== undefined && !emails.includes(String(link.customer?.['email'] ?? ''))) return false;
  const owners = list('owner.identityId');
  if (owners !== undefined && !owners.includes(String(link.owner?.['identityId'] ?? ''))) return false;
  const accounts = list('destination.accountNumber');
  if (accounts === undefined) return true;
  const numbers = link.destinations.map((d) => {
    const account = d['account'];
    return isRecord(account) ? String(account['accountNumber'] ?? '') : '';
  });
  return numbers.some((n) => accounts.includes(n));
}

/** `GET /payment-links`: filters, `limit` (at most 50), `offset` or `next`. */
function listLinks(ctx: ConomySimContext, request: SimRequest): SimResponse {
  const integer = (name: string): number | undefined | 'bad' => {
    const value = request.query.get(name);
    if (value === null || value === '') return undefined;
    return /^\d+$/.test(value) ? Number(value) : 'bad';
  };
  const limit = integer('limit');
  const offset = integer('offset');
  const next = integer('next');
  if (limit === 'bad' || (limit !== undefined && limit > 50)) {
    return conomyError('invalidParam', 'limit must be a whole number up to 50');
  }
  if (offset === 'bad') return conomyError('invalidParam', 'offset must be a whole number');
  if (next === 'bad') return conomyError('invalidParam', 'next must be a whole number');
  const size = limit === undefined || limit === 0 ? ctx.defaultPageSize : limit;
  // `offset` skips items; `next` is the position of the last item already retrieved. Both count from the start.
  const start = offset ?? next ?? 0;
  const matching = ctx.store.live().filter((l) => matchesFilters(l, request.query));
  const results = matching.slice(start, start + size);
  const end = start + results.length;
  const pagination = {
    count: results.length,
    next: end < matching.length ? end : null,
    previous: start > 0 ? Math.max(0, start - size) : null,
    total: matching.length,
  };
  return { status: 200, json: { pagination, results: results.map((l) => linkJson(l, ctx.amountFormat)) } };
}

function createLink(ctx: ConomySimContext, request: SimRequest): SimResponse {
  const body = request.json ?? (request.rawBody.length > 0 ? null : undefined);
  const parsed = parseCreateBody(body, { now: ctx.clock.now(), checkoutUrl: ctx.checkoutUrl });
  if (!parsed.ok) return parsed.error;
  if (!ctx.store.add(parsed.value)) {
    const token = parsed.value.checkoutToken;
    return conomyError('alreadyExist', `a payment link with checkoutToken ${token} already exists`);
  }
  return answer(ctx, parsed.value, 201);
}

/** ATTEMPT becomes ACTIVE; ACTIVE stays; anything else cannot be activated. */
function activate(ctx: ConomySimContext, link: SimLink): SimResponse {
  if (link.status === 'ATTEMPT') link.status = 'ACTIVE';
  else if (link.status !== 'ACTIVE') {
    return conomyError(
      'failedPrecondition',
      `payment link ${link.id} is ${link.status} and cannot be activated`,
    );
  }
  return answer(ctx, link);
}

/** Only ATTEMPT and EXPIRED links can be deleted (documented). */
function deleteLink(link: SimLink): SimResponse {
  if (link.status !== 'ATTEMPT' && link.status !== 'EXPIRED') {
    return conomyError(
      'failedPrecondition',
      `only ATTEMPT and EXPIRED links can be deleted; payment link ${link.id} is ${link.status}`,
    );
  }
  link.deleted = true;
  return { status: 204 };
}

/** `/payment-links/{id}` and `/payment-links/{id}/activate`. */
function linkRoutes(
  ctx: ConomySimContext,
  request: SimRequest,
  id: string,
  activation: boolean,
): SimResponse {
  const link = ctx.store.visible(id);
  if (activation && request.method !== 'POST')
    return conomyError('unimplemented', `${request.method} ${request.path} is not supported`);
  if (link === undefined) return notFound(id);
  if (activation) return activate(ctx, link);
  if (request.method === 'GET') return answer(ctx, link);
  if (request.method === 'DELETE') return deleteLink(link);
  return conomyError('notFound', `no route for ${request.method} ${request.path}`);
}

/** Answers one API request; `path` is the part after the environment prefix. */
export function routeApi(ctx: ConomySimContext, request: SimRequest, path: string): SimResponse {
  if (path === '/auth' && request.method === 'POST') return issueToken(ctx, request);
  const refused = refuse(ctx, request);
  if (refused !== undefined) return refused;
  if (path === '/payment-links') {
    if (request.method === 'GET') return listLinks(ctx, request);
    if (request.method === 'POST') return createLink(ctx, request);
  }
  const match = /^\/payment-links\/([^/]+)(\/activate)?$/.exec(path);
  if (match !== null)
    return linkRoutes(ctx, request, decodeURIComponent(match[1] as string), match[2] !== undefined);
  return conomyError('notFound', `no route for ${request.method} ${path}`);
}
