// The payment-link endpoints under /v2, once a request is authenticated.
import type { SimRequest, SimResponse } from '@paylinks/testing';

import type { HsaSimContext } from './sim-context.js';
import type { LinkStatus } from './sim-state.js';
import { parseTimestamp, validateCreateBody } from './sim-validate.js';
import { linkJson } from './sim-wire.js';

const statuses: ReadonlyArray<LinkStatus> = ['active', 'paid', 'expired', 'cancelled'];

const notFound = (ctx: HsaSimContext, what: string) =>
  ctx.fail({ status: 404, code: 'not_found', message: `${what} not found` });

function createLink(ctx: HsaSimContext, req: SimRequest): SimResponse {
  const checked = validateCreateBody(req.json, ctx.clock.now(), ctx.acceptsCurrency);
  if (!checked.ok) return ctx.fail(checked.error);
  const link = ctx.store.create(checked.value, ctx.clock.now());
  ctx.events.emit('payment_link.created', linkJson(link, ctx.wire));
  return { status: 201, json: linkJson(link, ctx.wire) };
}

function cancelLink(ctx: HsaSimContext, req: SimRequest, id: string): SimResponse {
  const link = ctx.store.get(id);
  if (link === undefined) return notFound(ctx, 'Payment link');
  const body = req.json ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return ctx.fail({ status: 400, code: 'bad_request', message: 'Request body must be a JSON object' });
  }
  const reason = (body as Record<string, unknown>)['reason'];
  if (reason !== undefined && reason !== null && (typeof reason !== 'string' || [...reason].length > 500)) {
    return ctx.fail({
      status: 422,
      code: 'validation_error',
      message: 'Validation failed: reason must be a string of at most 500 characters',
      fieldErrors: { reason: ['must be a string of at most 500 characters'] },
    });
  }
  if (link.status !== 'active') {
    return ctx.fail({
      status: 400,
      code: 'invalid_state',
      message: `Link is not in cancellable state (${link.status})`,
    });
  }
  ctx.store.cancel(link, typeof reason === 'string' ? reason : undefined, ctx.clock.now());
  ctx.events.emit('payment_link.cancelled', linkJson(link, ctx.wire));
  return { status: 200, json: linkJson(link, ctx.wire) };
}

interface ListQuery {
  readonly limit: number;
  readonly status: string | null;
  readonly paymentType: string | null;
  readonly email: string | undefined;
  readonly after: Date | undefined;
  readonly before: Date | undefined;
  readonly cursor: string | null;
}

/** The list's query parameters, or the field errors that refuse them. */
function parseListQuery(q: URLSearchParams): { query: ListQuery; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const limitText = q.get('limit');
  const limit = limitText === null ? 10 : /^\d+$/.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 1 && limit <= 100)) errors['limit'] = ['must be an integer from 1 to 100'];
  const status = q.get('status');
  if (status !== null && !statuses.includes(status as LinkStatus))
    errors['status'] = ['must be active, paid, expired or cancelled'];
  const paymentType = q.get('payment_type');
  if (paymentType !== null && paymentType !== 'one_time' && paymentType !== 'subscription')
    errors['payment_type'] = ['must be one_time or subscription'];
  const date = (name: string) => {
    const text = q.get(name);
    const parsed = text === null ? undefined : parseTimestamp(text);
    if (text !== null && parsed === undefined) errors[name] = ['must be an ISO 8601 timestamp'];
    return parsed;
  };
  const after = date('created_after');
  const before = date('created_before');
  const email = q.get('customer_email')?.toLowerCase();
  const cursor = q.get('starting_after');
  return { query: { limit, status, paymentType, email, after, before, cursor }, errors };
}

function listLinks(ctx: HsaSimContext, req: SimRequest): SimResponse {
  const { query: q, errors } = parseListQuery(req.query);
  const ordered = ctx.store.newestFirst();
  const start = q.cursor === null ? 0 : ordered.findIndex((l) => l.id === q.cursor) + 1;
  if (q.cursor !== null && start === 0) errors['starting_after'] = ['no such payment link'];
  if (Object.keys(errors).length > 0) {
    return ctx.fail({
      status: 400,
      code: 'invalid_request',
      message: `Invalid parameters: ${Object.keys(errors).join(', ')}`,
      fieldErrors: errors,
    });
  }
  const matching = ordered
    .slice(start)
    .filter(
      (l) =>
        (q.status === null || l.status === q.status) &&
        (q.paymentType === null || l.spec.paymentType === q.paymentType) &&
        (q.email === undefined || l.spec.customer?.email?.toLowerCase() === q.email) &&
        (q.after === undefined || l.createdAt.getTime() > q.after.getTime()) &&
        (q.before === undefined || l.createdAt.getTime() < q.before.getTime()),
    );
  const page = matching.slice(0, q.limit);
  const hasMore = matching.length > page.length;
  return {
    status: 200,
    json: {
      data: page.map((l) => linkJson(l, ctx.wire)),
      has_more: hasMore,
      next_cursor: hasMore ? (page[page.length - 1]?.id ?? null) : null,
    },
  };
}

/** `POST|GET /v2/payment-links`, `GET /v2/payment-links/{id}`, `POST /v2/payment-links/{id}/cancel`. */
export function routeApi(ctx: HsaSimContext, req: SimRequest): SimResponse {
  const parts = req.path.replace(/\/+$/, '').split('/').slice(1);
  if (parts[0] !== 'v2' || parts[1] !== 'payment-links') return notFound(ctx, 'Endpoint');
  const id = parts[2] !== undefined ? decodeURIComponent(parts[2]) : undefined;
  if (parts.length === 2) {
    if (req.method === 'POST') return createLink(ctx, req);
    if (req.method === 'GET') return listLinks(ctx, req);
  } else if (parts.length === 3 && id !== undefined) {
    if (req.method === 'GET') {
      const link = ctx.store.get(id);
      return link === undefined
        ? notFound(ctx, 'Payment link')
        : { status: 200, json: linkJson(link, ctx.wire) };
    }
  } else if (parts.length === 4 && parts[3] === 'cancel' && id !== undefined) {
    if (req.method === 'POST') return cancelLink(ctx, req, id);
  } else return notFound(ctx, 'Endpoint');
  return ctx.fail({ status: 405, code: 'method_not_allowed', message: `${req.method} is not allowed here` });
}
