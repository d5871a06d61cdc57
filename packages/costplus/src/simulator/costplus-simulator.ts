// A stateful stand-in for Cost+'s payment-link API, written from its docs (seeds 000 and 001, providers.md).
// State in sim-state, answers in sim-wire, checks in sim-validate, endpoints in sim-routes, the hosted page in sim-checkout.
import {
  FaultQueue,
  ManualClock,
  startSimulatorServer,
  submitCheckout,
  WebhookSender,
  type HostileTarget,
  type ProviderSimulator,
  type SimRequest,
  type SimResponse,
  type SimulatorOptions,
  type SimulatorServer,
} from '@paylinks/testing';

import type { CostplusSettings } from '../costplus-settings.js';

import { routeApi } from './sim-routes.js';
import { hostedPage } from './sim-checkout.js';
import { LinkStore, type SimLink, type SimOrder } from './sim-state.js';
import type { CostplusSimContext } from './sim-context.js';
import { errorResponse } from './sim-errors.js';
import { linkJson, orderJson } from './sim-wire.js';

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

/** The Cost+ adapter's settings for a simulator: its key, `baseUrl` and clock. */
export type CostplusSimulatorSettings = CostplusSettings & {
  readonly baseUrl: string;
  readonly now: () => Date;
};

/** A running Cost+ simulator; see {@link startCostplusSimulator}. */
export interface CostplusSimulator extends ProviderSimulator {
  /** Ready adapter settings: the key (a revoked one with `invalidCredentials`), `baseUrl`, `now`. */
  adapterSettings(options?: { readonly invalidCredentials?: boolean }): CostplusSimulatorSettings;
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

/** The `status_changed` (and, when asked, `transaction_status_changed`) webhooks of an order's change. */
function notifier(webhooks: WebhookSender, projectId: string, transactionEvents: boolean) {
  return (link: SimLink, order: SimOrder): void => {
    const url = link.request.webhook_url;
    if (url === null) return;
    const send = (body: Record<string, unknown>) =>
      webhooks.send({ url, headers: {}, body: JSON.stringify(body) });
    send({ event: 'status_changed', project_id: projectId, order_id: order.id });
    if (!transactionEvents) return;
    send({
      event: 'transaction_status_changed',
      merchant_id: projectId,
      project_id: projectId,
      order_id: order.id,
      transaction_id: order.transactionId,
      transaction_status: order.status,
    });
  };
}

/** The inspection and control surface around a running server. */
function simulatorApi(
  ctx: CostplusSimContext,
  server: SimulatorServer,
  parts: { faults: FaultQueue; webhooks: WebhookSender; expireDue: () => void; unsubscribe: () => void },
): CostplusSimulator {
  const { store, apiKey, clock } = ctx;
  const baseUrl = `${server.origin}/v1`;
  const peek = <A>(value: A | undefined, show: (v: A) => Record<string, unknown>) => {
    parts.expireDue();
    return value === undefined ? undefined : show(value);
  };
  return {
    provider: 'costplus',
    baseUrl,
    origin: server.origin,
    clock,
    faults: parts.faults,
    webhooks: parts.webhooks,
    credentials: { apiKey },
    adapterSettings: (o = {}): CostplusSimulatorSettings => ({
      apiKey: o.invalidCredentials === true ? `${apiKey}_revoked` : apiKey,
      baseUrl,
      now: clock.fn,
    }),
    checkout: (linkUrl, outcome) => submitCheckout(linkUrl, outcome),
    quiesce: () => server.quiesce(),
    stats: () => ({ apiRequests: server.apiRequests(), linksCreated: store.linkCount }),
    link: (id) => peek(store.link(id), (l) => linkJson(store, l)),
    order: (id) => peek(store.order(id), (o) => orderJson(store, o)),
    linkIds: () => store.allLinks().map((l) => l.id),
    hostileTarget: () =>
      Promise.resolve({
        createPath: '/v1/paymentlinks/',
        linkPath: (id: string) => `/v1/paymentlinks/${id}/`,
        createBody: JSON.stringify({ merchant_order_id: 'hostile', amount: 995, currency: 'EUR' }),
        headers: { authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}` },
      } satisfies HostileTarget),
    close: async () => {
      parts.unsubscribe();
      parts.webhooks.close();
      await server.close();
    },
  };
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
  const projectId = options.projectId ?? '6f1c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f';
  const webhooks = new WebhookSender({
    retryDelaysMs: options.webhookRetryDelaysMs ?? costplusWebhookRetryDelaysMs,
    timeoutMs: options.webhookTimeoutMs ?? costplusWebhookTimeoutMs,
    ...(options.logSize !== undefined ? { historySize: options.logSize } : {}),
  });
  let origin = '';
  const ctx: CostplusSimContext = {
    clock: options.clock ?? new ManualClock(),
    store: new LinkStore(projectId, options.testMode ?? true),
    apiKey: options.apiKey ?? 'sim_test_key',
    origin: () => origin,
    notify: notifier(webhooks, projectId, options.transactionEvents === true),
  };
  const expireDue = () => {
    for (const { link, order } of ctx.store.expire(ctx.clock.now())) ctx.notify(link, order);
  };
  const unsubscribe = ctx.clock.onChange(expireDue);
  const faults = new FaultQueue();
  const server = await startSimulatorServer({
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    faults,
    isApiRequest: (request) => request.path.startsWith('/v1/'),
    errorResponse: (status, retryAfterSeconds) => errorResponse(status, undefined, retryAfterSeconds),
    handle: (request: SimRequest): SimResponse => {
      expireDue();
      if (request.path.startsWith('/v1/')) return routeApi(ctx, request);
      const hosted = /^\/paymentlinks\/([^/]+)\/$/.exec(request.path);
      if (hosted !== null) return hostedPage(ctx, request, decodeURIComponent(hosted[1] as string));
      return { status: 404, text: 'Not Found' };
    },
  });
  origin = server.origin;
  return simulatorApi(ctx, server, { faults, webhooks, expireDue, unsubscribe });
}
