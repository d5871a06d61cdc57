import { formatDecimal, type Money } from '@paylinks/core';
import {
  checkoutRedirect,
  FaultQueue,
  ManualClock,
  WebhookSender,
  renderCheckoutPage,
  startSimulatorServer,
  submitCheckout,
  type HostileTarget,
  type ProviderSimulator,
  type SimRequest,
  type SimResponse,
  type SimulatorOptions,
} from '@paylinks/core/testing';

import { closedBecause, LinkStore, maxAttemptsPerLink, type SimLink, type SimOrder } from './link-store.js';
import { validateCreateBody } from './validate-create-body.js';

/** Options of {@link startCostplusSimulator}. */
export interface CostplusSimulatorOptions extends SimulatorOptions {
  /** The API key the simulator accepts (default `sim_test_key`). */
  readonly apiKey?: string;
  /** `project_id` in orders and webhooks. */
  readonly projectId?: string;
  /** Whether orders carry `flags: ["is-test"]`, as a sandbox key's do (default true). */
  readonly testMode?: boolean;
  /** Also send `transaction_status_changed` after each `status_changed` (default false). */
  readonly transactionEvents?: boolean;
}

/** A running Cost+ simulator; see {@link startCostplusSimulator}. */
export interface CostplusSimulator extends ProviderSimulator {
  /** The API key it accepts. */
  readonly credentials: { readonly apiKey: string };
  /** `http://127.0.0.1:<port>` (the hosted pages live at `/paymentlinks/{id}/`). */
  readonly origin: string;
  /** A link as `GET /v1/paymentlinks/{id}/` would answer it (no auth, no faults, not counted). */
  link(id: string): Record<string, unknown> | undefined;
  /** An order as `GET /v1/orders/{id}/` would answer it. */
  order(id: string): Record<string, unknown> | undefined;
  /** Every link id, oldest first. */
  linkIds(): ReadonlyArray<string>;
  hostileTarget(): Promise<HostileTarget>;
}

/** Cost+: ten retries, two minutes apart (docs: Webhooks, Delivery & Retries). */
export const costplusWebhookRetryDelaysMs: ReadonlyArray<number> = Array.from({ length: 10 }, () => 120_000);
/** Cost+ wants a 2xx within 4 s on the first try (10 s on retries; the sender has one limit). */
export const costplusWebhookTimeoutMs = 4_000;

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

function errorResponse(status: number, value?: string, retryAfterSeconds?: number): SimResponse {
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

/**
 * Starts a Cost+ simulator on loopback: `POST /v1/paymentlinks/`,
 * `GET /v1/paymentlinks/{id}/`, `GET /v1/orders/{id}/` behind HTTP Basic
 * (the key as user name), the hosted page at each link's `payment_url`
 * (`/paymentlinks/{id}/`, up to 25 attempts), expiry on the injectable
 * clock, `status_changed` webhooks with Cost+'s retry schedule, and fault
 * injection for the next API calls.
 *
 * @example
 * const sim = await startCostplusSimulator({ webhookRetryDelaysMs: [10, 10] })
 * const links = fromProvider(costplus(sim.adapterSettings()))
 */
export async function startCostplusSimulator(
  options: CostplusSimulatorOptions = {},
): Promise<CostplusSimulator> {
  const apiKey = options.apiKey ?? 'sim_test_key';
  const projectId = options.projectId ?? '6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f';
  const clock = options.clock ?? new ManualClock();
  const faults = new FaultQueue();
  const webhooks = new WebhookSender({
    retryDelaysMs: options.webhookRetryDelaysMs ?? costplusWebhookRetryDelaysMs,
    timeoutMs: options.webhookTimeoutMs ?? costplusWebhookTimeoutMs,
    ...(options.logSize !== undefined ? { historySize: options.logSize } : {}),
  });
  const store = new LinkStore(projectId, options.testMode ?? true);
  let origin = '';

  const notify = (link: SimLink, order: SimOrder) => {
    const url = link.request.webhook_url;
    if (url === null) return;
    webhooks.send({
      url,
      headers: {},
      body: JSON.stringify({ event: 'status_changed', project_id: projectId, order_id: order.id }),
    });
    if (options.transactionEvents === true) {
      webhooks.send({
        url,
        headers: {},
        body: JSON.stringify({
          event: 'transaction_status_changed',
          merchant_id: projectId,
          project_id: projectId,
          order_id: order.id,
          transaction_id: order.transactionId,
          transaction_status: order.status,
        }),
      });
    }
  };

  const expireDue = () => {
    for (const { link, order } of store.expire(clock.now())) notify(link, order);
  };
  const unsubscribe = clock.onChange(expireDue);

  const authorized = (request: SimRequest): boolean => {
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 && decoded.slice(0, colon) === apiKey;
  };

  const page = (link: SimLink, message?: string, status = 200): SimResponse => {
    const closed = closedBecause(link);
    const note = message ?? closed;
    return {
      status,
      html: renderCheckoutPage({
        provider: 'Cost+',
        title: link.request.description ?? `Payment link ${link.request.merchant_order_id}`,
        amount: formatDecimal({ amount: link.request.amount, currency: link.request.currency } as Money),
        currency: link.request.currency,
        ...(link.request.description !== null ? { description: link.request.description } : {}),
        status: link.status,
        payable: closed === undefined,
        attemptsLeft: Math.max(0, maxAttemptsPerLink - link.orderIds.length),
        ...(note !== undefined ? { message: note } : {}),
      }),
    };
  };

  // Docs: with both return_url and failure_url, cancelled/expired/error orders go
  // to failure_url; otherwise every redirect goes to return_url. Without a
  // return_url the payer stays on the link's page.
  const redirectFor = (link: SimLink, order: SimOrder): string => {
    const { return_url: ret, failure_url: failure } = link.request;
    const failed = order.status === 'error' || order.status === 'cancelled' || order.status === 'expired';
    if (failed && ret !== null && failure !== null) return failure;
    return ret ?? link.paymentUrl;
  };

  const hostedPage = (request: SimRequest, id: string): SimResponse => {
    const link = store.link(id);
    if (link === undefined)
      return { status: 404, html: '<!doctype html><title>Not found</title><p>No such payment link.</p>' };
    if (request.method === 'GET') return page(link);
    if (request.method !== 'POST') return { status: 405, text: 'Method Not Allowed' };
    const outcome = request.form.get('outcome');
    if (outcome !== 'success' && outcome !== 'failure')
      return page(link, 'Choose to pay or to decline.', 400);
    const closed = closedBecause(link);
    if (closed !== undefined) return page(link, closed, 409);
    const order = store.attempt(link, outcome, clock.now());
    notify(link, order);
    return checkoutRedirect(redirectFor(link, order));
  };

  const api = (request: SimRequest): SimResponse => {
    if (!authorized(request)) return errorResponse(401);
    const path = request.path;
    const collection = /^\/v1\/paymentlinks\/?$/.exec(path);
    const linkItem = /^\/v1\/paymentlinks\/([^/]+)(\/?)$/.exec(path);
    const orderItem = /^\/v1\/orders\/([^/]+)(\/?)$/.exec(path);
    // Cost+ (werkzeug) routes end in a slash; it redirects a path without one.
    const slash = (present: string | undefined) =>
      present === '' ? { status: 308, headers: { Location: `${origin}${path}/` } } : undefined;

    if (collection !== null) {
      if (!path.endsWith('/')) return { status: 308, headers: { Location: `${origin}${path}/` } };
      if (request.method !== 'POST')
        return errorResponse(405, 'The method is not allowed for the requested URL.');
      if (request.json === undefined) return errorResponse(400, 'The request body is not valid JSON.');
      const checked = validateCreateBody(request.json);
      if (!checked.ok) return { status: 400, json: checked.error };
      const link = store.create(checked.body, clock.now(), (id) => `${origin}/paymentlinks/${id}/`);
      return { status: 201, json: store.linkJson(link) };
    }
    if (linkItem !== null) {
      const redirect = slash(linkItem[2]);
      if (redirect !== undefined) return redirect;
      if (request.method !== 'GET')
        return errorResponse(405, 'The method is not allowed for the requested URL.');
      const link = store.link(decodeURIComponent(linkItem[1] as string));
      return link === undefined
        ? errorResponse(404, 'Payment link not found')
        : { status: 200, json: store.linkJson(link) };
    }
    if (orderItem !== null) {
      const redirect = slash(orderItem[2]);
      if (redirect !== undefined) return redirect;
      if (request.method !== 'GET')
        return errorResponse(405, 'The method is not allowed for the requested URL.');
      const order = store.order(decodeURIComponent(orderItem[1] as string));
      return order === undefined
        ? errorResponse(404, 'Order not found')
        : { status: 200, json: store.orderJson(order) };
    }
    return errorResponse(404, 'The requested URL was not found on the server.');
  };

  const server = await startSimulatorServer({
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    faults,
    isApiRequest: (request) => request.path.startsWith('/v1/'),
    errorResponse: (status, retryAfterSeconds) => errorResponse(status, undefined, retryAfterSeconds),
    handle: (request) => {
      expireDue();
      if (request.path.startsWith('/v1/')) return api(request);
      const hosted = /^\/paymentlinks\/([^/]+)\/$/.exec(request.path);
      if (hosted !== null) return hostedPage(request, decodeURIComponent(hosted[1] as string));
      return { status: 404, text: 'Not Found' };
    },
  });
  origin = server.origin;
  const baseUrl = `${origin}/v1`;

  const peek = <A>(value: A | undefined, show: (v: A) => Record<string, unknown>) => {
    expireDue();
    return value === undefined ? undefined : show(value);
  };

  return {
    provider: 'costplus',
    baseUrl,
    origin,
    clock,
    faults,
    webhooks,
    credentials: { apiKey },
    adapterSettings: (o = {}) => ({
      apiKey: o.invalidCredentials === true ? `${apiKey}_revoked` : apiKey,
      baseUrl,
      now: clock.fn,
    }),
    checkout: (linkUrl, outcome) => submitCheckout(linkUrl, outcome),
    stats: () => ({ apiRequests: server.apiRequests(), linksCreated: store.linkCount }),
    link: (id) => peek(store.link(id), (l) => store.linkJson(l)),
    order: (id) => peek(store.order(id), (o) => store.orderJson(o)),
    linkIds: () => store.allLinks().map((l) => l.id),
    hostileTarget: () =>
      Promise.resolve({
        createPath: '/v1/paymentlinks/',
        linkPath: (id) => `/v1/paymentlinks/${id}/`,
        createBody: JSON.stringify({ merchant_order_id: 'hostile', amount: 995, currency: 'EUR' }),
        headers: { authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}` },
      }),
    close: async () => {
      unsubscribe();
      webhooks.close();
      await server.close();
    },
  };
}

export { maxAttemptsPerLink } from './link-store.js';
