// The API under /v1, behind HTTP Basic: create and get payment links, get orders.
import type { SimRequest, SimResponse } from '@paylinks/testing';

import type { CostplusSimContext } from './sim-context.js';
import { errorResponse } from './sim-errors.js';
import { validateCreateBody } from './sim-validate.js';
import { linkJson, orderJson } from './sim-wire.js';

const methodNotAllowed = () => errorResponse(405, 'The method is not allowed for the requested URL.');

/** HTTP Basic with the API key as user name (the password is not checked: Cost+ documents it empty). */
function authorized(ctx: CostplusSimContext, request: SimRequest): boolean {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && decoded.slice(0, colon) === ctx.apiKey;
}

function createLink(ctx: CostplusSimContext, request: SimRequest): SimResponse {
  if (request.method !== 'POST') return methodNotAllowed();
  if (request.json === undefined) return errorResponse(400, 'The request body is not valid JSON.');
  const checked = validateCreateBody(request.json);
  if (!checked.ok) return { status: 400, json: checked.error };
  const link = ctx.store.create(checked.body, ctx.clock.now(), (id) => `${ctx.origin()}/paymentlinks/${id}/`);
  return { status: 201, json: linkJson(ctx.store, link) };
}

/** `GET` of one link or order by id; `undefined` from `find` is a 404 saying `what`. */
function getOne<A>(
  request: SimRequest,
  id: string,
  find: (id: string) => A | undefined,
  show: (value: A) => Record<string, unknown>,
  what: string,
): SimResponse {
  if (request.method !== 'GET') return methodNotAllowed();
  const found = find(decodeURIComponent(id));
  return found === undefined ? errorResponse(404, `${what} not found`) : { status: 200, json: show(found) };
}

/** Answers one `/v1/...` request. */
export function routeApi(ctx: CostplusSimContext, request: SimRequest): SimResponse {
  if (!authorized(ctx, request)) return errorResponse(401);
  const path = request.path;
  // Cost+ (werkzeug) routes end in a slash; it redirects a path without one.
  const slashed = { status: 308, headers: { Location: `${ctx.origin()}${path}/` } };
  if (/^\/v1\/paymentlinks\/?$/.test(path)) return path.endsWith('/') ? createLink(ctx, request) : slashed;
  const link = /^\/v1\/paymentlinks\/([^/]+)(\/?)$/.exec(path);
  if (link !== null) {
    if (link[2] === '') return slashed;
    return getOne(
      request,
      link[1] as string,
      (id) => ctx.store.link(id),
      (l) => linkJson(ctx.store, l),
      'Payment link',
    );
  }
  const order = /^\/v1\/orders\/([^/]+)(\/?)$/.exec(path);
  if (order !== null) {
    if (order[2] === '') return slashed;
    return getOne(
      request,
      order[1] as string,
      (id) => ctx.store.order(id),
      (o) => orderJson(ctx.store, o),
      'Order',
    );
  }
  return errorResponse(404, 'The requested URL was not found on the server.');
}
