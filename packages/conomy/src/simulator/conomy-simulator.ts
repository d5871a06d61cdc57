// A stateful stand-in for Conomy's payment-link API, written from its
// reference (seed 002 and providers.md), sharing no code with the adapter.
// State in sim-state, checks in sim-validate, answers in sim-wire, endpoints
// in sim-routes, the hosted page in sim-checkout.
import { randomUUID } from 'node:crypto';

import {
  BoundedLog,
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

import type { ConomySettings } from '../conomy-settings.js';

import { hostedCheckout } from './sim-checkout.js';
import type { ConomySimContext } from './sim-context.js';
import { conomyErrorForStatus } from './sim-errors.js';
import { routeApi } from './sim-routes.js';
import { ConomyLinkStore, type SimTransaction } from './sim-state.js';
import { SimTokens } from './sim-tokens.js';
import { linkJson, transactionWebhook, type AmountFormat, type SignatureForm } from './sim-wire.js';

/** Credentials the simulator accepts. */
export interface ConomySimulatorCredentials {
  readonly apiKey: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The secret key registered with the webhook URL (signs every delivery). */
  readonly webhookSecret: string;
}

/** Options of {@link startConomySimulator}. */
export interface ConomySimulatorOptions extends SimulatorOptions, Partial<ConomySimulatorCredentials> {
  /** Lifetime of issued tokens, in seconds (`expiresIn`; default 3600, as documented). */
  readonly tokenLifetimeSeconds?: number;
  /** The environment's webhook URL, as registered in the dashboard (also settable later). */
  readonly webhookUrl?: string;
  /** Signature form of deliveries: `body` (the documented, preferred form; default), `header` (older) or `both`. */
  readonly webhookSignature?: SignatureForm;
  /** How answers write amounts: with the currency's digits (default) or trimmed (`12.5`). */
  readonly amountFormat?: AmountFormat;
  /** Environment prefix of the API paths (default `/sandbox`, as in the docs). */
  readonly environment?: string;
  /** Page size when a list names none (default 10). */
  readonly defaultPageSize?: number;
}

/** A request the simulator answered, for assertions. */
export interface ConomyLoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
  readonly status: number;
}

/** Ready settings for the Conomy adapter against this simulator: the adapter's settings type, with these set. */
export type ConomySimulatorSettings = ConomySettings & {
  readonly apiKey: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly webhookSecret: string;
  readonly baseUrl: string;
  readonly now: () => Date;
};

/** The Conomy simulator with its inspection helpers. */
export interface ConomySimulator extends ProviderSimulator {
  /** Ready adapter settings: credentials (a wrong client secret with `invalidCredentials`), `baseUrl`, `now`, `webhookSecret`. */
  adapterSettings(options?: { readonly invalidCredentials?: boolean }): ConomySimulatorSettings;
  /** The credentials it accepts. */
  readonly credentials: ConomySimulatorCredentials;
  /** Sets the environment's webhook URL (Conomy registers one per environment, in its dashboard). */
  setWebhookUrl(url: string | undefined): void;
  /** A link as Conomy would answer it (deleted ones too), or undefined. */
  link(id: string): Record<string, unknown> | undefined;
  /** The transactions made on a link's checkout page. */
  transactions(id: string): ReadonlyArray<SimTransaction>;
  /** Forces a raw status (e.g. PROCESSING_PAYMENT, FAILED or one Conomy might add). */
  setLinkStatus(id: string, status: string): void;
  /** Invalidates every issued token: the next call with one answers 401. */
  revokeTokens(): void;
  /** `POST /auth` calls that issued a token. */
  tokensIssued(): number;
  hostileTarget(): Promise<HostileTarget>;
  /** The API requests answered, oldest first: the newest `logSize` (default 1,000), headers included. */
  readonly requests: ReadonlyArray<ConomyLoggedRequest>;
}

const defaults: ConomySimulatorCredentials = {
  apiKey: 'sim_test_key',
  clientId: 'sim_client_id',
  clientSecret: 'sim_client_secret',
  webhookSecret: 'sim_webhook_secret',
};

/** The simulator's parts, built from its options before the server starts. */
function assemble(options: ConomySimulatorOptions, checkoutUrl: (token: string) => string) {
  const clock = options.clock ?? new ManualClock();
  const credentials: ConomySimulatorCredentials = {
    apiKey: options.apiKey ?? defaults.apiKey,
    clientId: options.clientId ?? defaults.clientId,
    clientSecret: options.clientSecret ?? defaults.clientSecret,
    webhookSecret: options.webhookSecret ?? defaults.webhookSecret,
  };
  // Conomy documents at-least-once delivery and a 10 s answer limit, not its retry schedule: this one is an assumption.
  const webhooks = new WebhookSender({
    retryDelaysMs: options.webhookRetryDelaysMs ?? [10_000, 60_000, 300_000],
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
    ...(options.logSize !== undefined ? { historySize: options.logSize } : {}),
  });
  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  const hooks = { url: options.webhookUrl, form: options.webhookSignature ?? 'body' };
  const ctx: ConomySimContext = {
    clock,
    store: new ConomyLinkStore(),
    tokens: new SimTokens(tokenLifetimeSeconds * 1000, () => clock.now().getTime()),
    credentials,
    tokenLifetimeSeconds,
    amountFormat: options.amountFormat ?? 'exponent',
    defaultPageSize: options.defaultPageSize ?? 10,
    checkoutUrl,
    notify: (link, transaction: SimTransaction, event) => {
      if (hooks.url === undefined) return;
      const signed = transactionWebhook(link, transaction, event, {
        secret: credentials.webhookSecret,
        form: hooks.form,
      });
      webhooks.send({ url: hooks.url, ...signed });
    },
  };
  const requests = new BoundedLog<ConomyLoggedRequest>(options.logSize);
  return {
    ctx,
    clock,
    credentials,
    webhooks,
    hooks,
    requests,
    environment: options.environment ?? '/sandbox',
  };
}

type Assembled = ReturnType<typeof assemble>;

/** Answers one request: the API (logged) or a checkout page. */
function handler(a: Assembled, isApi: (request: SimRequest) => boolean) {
  return (request: SimRequest): SimResponse => {
    a.ctx.store.expireDue(a.clock.now());
    if (isApi(request)) {
      const response = routeApi(a.ctx, request, request.path.slice(a.environment.length) || '/');
      a.requests.push({
        method: request.method,
        path: request.path,
        query: request.query.toString(),
        headers: request.headers,
        body: request.json,
        status: response.status,
      });
      return response;
    }
    const page = /^\/checkout\/([^/]+)$/.exec(request.path);
    if (page !== null) return hostedCheckout(a.ctx, request, decodeURIComponent(page[1] as string));
    return { status: 404, text: 'not found' };
  };
}

/** A token and paths for `probeSimulator` (the token counts as issued). */
function hostileTarget(a: Assembled): HostileTarget {
  return {
    createPath: `${a.environment}/payment-links`,
    linkPath: (id) => `${a.environment}/payment-links/${id}`,
    createBody: JSON.stringify({
      checkoutToken: `hostile-${randomUUID()}`,
      currency: 'CLP',
      duration: 3600,
      items: [{ preTaxAmount: '49990', totalAmount: '49990', description: 'Invoice' }],
    }),
    headers: {
      'x-api-key': a.credentials.apiKey,
      'user-agent': 'paylinks-hostile/1.0',
      authorization: `Bearer ${a.ctx.tokens.issue()}`,
    },
  };
}

/** The inspection and control surface around a running server. */
function simulatorApi(
  a: Assembled,
  server: SimulatorServer,
  faults: FaultQueue,
  unsubscribe: () => void,
): ConomySimulator {
  const { ctx, credentials } = a;
  const baseUrl = `${server.origin}${a.environment}`;
  return {
    provider: 'conomy',
    baseUrl,
    clock: a.clock,
    faults,
    webhooks: a.webhooks,
    credentials,
    get requests() {
      return a.requests.toArray();
    },
    adapterSettings: (settings: { readonly invalidCredentials?: boolean } = {}): ConomySimulatorSettings => ({
      apiKey: credentials.apiKey,
      clientId: credentials.clientId,
      clientSecret: settings.invalidCredentials === true ? `wrong_${randomUUID()}` : credentials.clientSecret,
      webhookSecret: credentials.webhookSecret,
      baseUrl,
      now: a.clock.fn,
    }),
    checkout: (linkUrl, outcome) => submitCheckout(linkUrl, outcome),
    quiesce: () => server.quiesce(),
    stats: () => ({ apiRequests: server.apiRequests(), linksCreated: ctx.store.created }),
    setWebhookUrl: (url) => {
      a.hooks.url = url;
    },
    link: (id) => {
      const link = ctx.store.get(id);
      return link === undefined ? undefined : linkJson(link, ctx.amountFormat);
    },
    transactions: (id) => ctx.store.get(id)?.transactions ?? [],
    setLinkStatus: (id, status) => {
      const link = ctx.store.get(id);
      if (link === undefined) throw new Error(`no payment link ${id}`);
      link.status = status;
    },
    hostileTarget: () => Promise.resolve(hostileTarget(a)),
    revokeTokens: () => ctx.tokens.revokeAll(),
    tokensIssued: () => ctx.tokens.issued,
    close: async () => {
      unsubscribe();
      a.webhooks.close();
      await server.close();
    },
  };
}

/**
 * Starts a stateful Conomy simulator on loopback, written from Conomy's API
 * reference: `POST /auth` with expiring tokens; create, get, list (filters,
 * offset/next pagination), activate and delete of payment links with the
 * documented rules (links start ATTEMPT; activate makes them ACTIVE; only
 * ATTEMPT and EXPIRED ones can be deleted, else 422 `21 failedPrecondition`);
 * expiry `duration` seconds after creation on the injected clock; a hosted
 * checkout page at each link's `url`; signed `Transaction.*` webhooks to the
 * environment's webhook URL; errors in `{status, code, type, detail, traceId}`;
 * and the shared fault knobs.
 *
 * @example
 * const sim = await startConomySimulator()
 * const provider = conomy(sim.adapterSettings())
 */
export async function startConomySimulator(options: ConomySimulatorOptions = {}): Promise<ConomySimulator> {
  let origin = '';
  const a = assemble(options, (token) => `${origin}/checkout/${encodeURIComponent(token)}`);
  const unsubscribe = a.clock.onChange((now) => a.ctx.store.expireDue(now));
  const isApi = (request: SimRequest) =>
    request.path === a.environment || request.path.startsWith(`${a.environment}/`);
  const faults = new FaultQueue();
  const server = await startSimulatorServer({
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    faults,
    isApiRequest: isApi,
    errorResponse: conomyErrorForStatus,
    handle: handler(a, isApi),
  });
  origin = server.origin;
  return simulatorApi(a, server, faults, unsubscribe);
}
