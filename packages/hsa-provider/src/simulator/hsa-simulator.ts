// A stateful stand-in for the HSA/FSA provider's payment-link API, written
// from its documentation (seed 003 and providers.md). It shares no mapping
// code with the adapter, so a misreading in one shows up in the other.
// State in sim-state, answers in sim-wire, endpoints in sim-routes,
// the gatekeeping every API request goes through in sim-api.
import { randomBytes } from 'node:crypto';

import { isCurrencyCode } from '@paylinks/core/adapter';
import {
  AfterProcessingFaults,
  FaultQueue,
  IdempotencyStore,
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

import type { HsaSettings } from '../hsa-settings.js';

import { handleApi, type HsaApiContext } from './sim-api.js';
import { hostedCheckout } from './sim-checkout.js';
import { errorResponse, statusError, type ErrorEnvelope } from './sim-errors.js';
import { HsaEvents, type HsaSimEvent } from './sim-events.js';
import { RateLimiter } from './sim-rate-limit.js';
import { HsaLinkStore } from './sim-state.js';
import { linkJson } from './sim-wire.js';

export type { HsaSimEvent } from './sim-events.js';

/** The simulator's own knobs, besides {@link SimulatorOptions}. */
export interface HsaSimulatorOptions extends SimulatorOptions {
  /** The valid API key (default `glm_test_simulator_key`). */
  readonly apiKey?: string;
  /** More valid keys (a `glm_live_` one, say); each has its own rate-limit window. */
  readonly extraApiKeys?: ReadonlyArray<string>;
  /** The webhook endpoint secret (default `whsec_simulator_secret`). */
  readonly webhookSecret?: string;
  /** Webhook endpoints registered from the start (the dashboard's Settings → Webhooks). */
  readonly webhookUrls?: ReadonlyArray<string>;
  /** How webhooks are authenticated: `signature` (`X-Gale-Signature`, default) or `bearer` (`Authorization: Bearer <secret>`). */
  readonly webhookAuth?: 'signature' | 'bearer';
  /** Error envelope: `current` (`{error: {...}}`, default) or `legacy` (`{success: false, ...}`). */
  readonly errorEnvelope?: ErrorEnvelope;
  /** Amount names in answers: `cents` (`amount_cents`, `price_cents`, `is_hsa_fsa_eligible`; default) or `plain` (`amount`, `price`, `hsa_fsa_eligible`). */
  readonly responseFields?: 'cents' | 'plain';
  /** Requests per minute per key (default 100 for `glm_test_` keys, 1000 otherwise). */
  readonly rateLimitPerMinute?: number;
  /** Clock of the rate-limit windows, in ms (default the real time: a limit is about real traffic). */
  readonly rateLimitNow?: () => number;
  /** Accepted currencies, upper case (default every ISO 4217 code). */
  readonly currencies?: ReadonlyArray<string>;
  /** Whether a product is HSA/FSA eligible (default: all are, by auto-substantiation). */
  readonly isEligible?: (product: { readonly merchant_product_id: string; readonly name: string }) => boolean;
}

/** Ready settings for `hsaProvider(...)` against the simulator. */
export type HsaSimulatorSettings = HsaSettings & {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly now: () => Date;
  readonly webhookSecret: string;
};

/** The HSA/FSA provider simulator, with inspection helpers. */
export interface HsaSimulator extends ProviderSimulator {
  /** Ready adapter settings: API key (a refused one with `invalidCredentials`), `baseUrl`, the clock, the webhook secret. */
  adapterSettings(options?: { readonly invalidCredentials?: boolean }): HsaSimulatorSettings;
  /** The valid API key. */
  readonly apiKey: string;
  /** The webhook endpoint secret. */
  readonly webhookSecret: string;
  /**
   * Faults applied after a request was processed: its effect stays (a link
   * is made) but the answer is replaced (`status`, `malformed`), late
   * (`delay`) or never comes (`drop`: held until the caller times out).
   */
  readonly faultsAfterProcessing: FaultQueue;
  /** Registers a webhook endpoint, as the dashboard does. */
  addWebhookEndpoint(url: string): void;
  /** Removes a webhook endpoint. */
  removeWebhookEndpoint(url: string): void;
  /** Makes `url` the only webhook endpoint (`undefined`: none), as `ProviderSimulator.setWebhookUrl`. */
  setWebhookUrl(url: string | undefined): void;
  /** Switches the error envelope. */
  setErrorEnvelope(envelope: ErrorEnvelope): void;
  /** A link as the API shows it, or `undefined`. */
  link(id: string): Record<string, unknown> | undefined;
  /** Every link as the API shows it, newest first. */
  links(): ReadonlyArray<Record<string, unknown>>;
  /** The events sent, oldest first: the newest `logSize` (default 1,000). */
  events(): ReadonlyArray<HsaSimEvent>;
  /** Requests answered from the idempotency store. */
  idempotentReplays(): number;
  hostileTarget(): Promise<HostileTarget>;
}

/** The idempotency window the docs give: 24 hours. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/** Documented schedule: at once, then 30 s, 2 min, 10 min; answer within 5 s. */
const retryDelaysMs = [30_000, 120_000, 600_000];

/** Everything the simulator holds, built from its options before the server starts. */
function assemble(options: HsaSimulatorOptions, pageUrl: (id: string) => string) {
  const clock = options.clock ?? new ManualClock();
  // Documented order: payment_link.paid before order.created, so each endpoint's events go one after the other.
  const webhooks = new WebhookSender({
    retryDelaysMs: options.webhookRetryDelaysMs ?? retryDelaysMs,
    timeoutMs: options.webhookTimeoutMs ?? 5_000,
    ordered: true,
    ...(options.logSize !== undefined ? { historySize: options.logSize } : {}),
  });
  const apiKey = options.apiKey ?? 'glm_test_simulator_key';
  const webhookSecret = options.webhookSecret ?? 'whsec_simulator_secret';
  const currencies = options.currencies?.map((c) => c.toUpperCase());
  let envelope: ErrorEnvelope = options.errorEnvelope ?? 'current';
  const fault = (status: number, retryAfterSeconds?: number) =>
    errorResponse(
      statusError(status),
      envelope,
      retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {},
    );
  const ctx: HsaApiContext = {
    clock,
    store: new HsaLinkStore(),
    events: new HsaEvents({
      clock,
      webhooks,
      secret: webhookSecret,
      auth: options.webhookAuth ?? 'signature',
      endpoints: options.webhookUrls ?? [],
      logSize: options.logSize,
    }),
    wire: {
      cents: (options.responseFields ?? 'cents') === 'cents',
      pageUrl,
      isEligible: options.isEligible ?? (() => true),
    },
    acceptsCurrency: (code) => (currencies !== undefined ? currencies.includes(code) : isCurrencyCode(code)),
    fail: (error, headers = {}) => errorResponse(error, envelope, headers),
    validKeys: new Set([apiKey, ...(options.extraApiKeys ?? [])]),
    limiter: new RateLimiter(options.rateLimitPerMinute, options.rateLimitNow ?? Date.now),
    idempotency: new IdempotencyStore({ ttlMs: IDEMPOTENCY_TTL_MS, now: () => clock.now().getTime() }),
    after: new AfterProcessingFaults(fault),
  };
  const setEnvelope = (next: ErrorEnvelope) => {
    envelope = next;
  };
  return { ctx, clock, webhooks, apiKey, webhookSecret, fault, setEnvelope };
}

type Assembled = ReturnType<typeof assemble>;

/** The inspection and control surface around a running server. */
function simulatorApi(
  a: Assembled,
  server: SimulatorServer,
  faults: FaultQueue,
  expireDue: () => void,
  unsubscribe: () => void,
): HsaSimulator {
  const { ctx, apiKey, webhookSecret } = a;
  const baseUrl = `${server.origin}/v2`;
  return {
    provider: 'hsa-provider',
    baseUrl,
    clock: a.clock,
    faults,
    faultsAfterProcessing: ctx.after.queue,
    webhooks: a.webhooks,
    apiKey,
    webhookSecret,
    adapterSettings: (o = {}): HsaSimulatorSettings => ({
      apiKey: o.invalidCredentials === true ? `glm_test_invalid_${randomBytes(6).toString('hex')}` : apiKey,
      baseUrl,
      now: a.clock.fn,
      webhookSecret,
    }),
    checkout: (linkUrl, outcome) => submitCheckout(linkUrl, outcome),
    quiesce: () => server.quiesce(),
    stats: () => ({ apiRequests: server.apiRequests(), linksCreated: ctx.store.created }),
    addWebhookEndpoint: (url) => void ctx.events.endpoints.add(url),
    removeWebhookEndpoint: (url) => void ctx.events.endpoints.delete(url),
    setWebhookUrl: (url) => {
      ctx.events.endpoints.clear();
      if (url !== undefined) ctx.events.endpoints.add(url);
    },
    setErrorEnvelope: a.setEnvelope,
    link: (id) => {
      expireDue();
      const link = ctx.store.get(id);
      return link === undefined ? undefined : linkJson(link, ctx.wire);
    },
    links: () => {
      expireDue();
      return ctx.store.newestFirst().map((l) => linkJson(l, ctx.wire));
    },
    events: () => ctx.events.log(),
    idempotentReplays: () => ctx.idempotency.replays(),
    hostileTarget: () =>
      Promise.resolve({
        createPath: '/v2/payment-links',
        linkPath: (id: string) => `/v2/payment-links/${id}`,
        createBody: JSON.stringify({
          amount_cents: 4995,
          currency: 'USD',
          description: 'Monitor',
          success_url: 'https://shop.example/ok',
        }),
        headers: { authorization: `Bearer ${apiKey}` },
      } satisfies HostileTarget),
    close: async () => {
      unsubscribe();
      a.webhooks.close();
      const closing = server.close();
      // Held answers go nowhere now: their sockets are gone.
      ctx.after.releaseAll();
      await closing;
    },
  };
}

/**
 * Starts the simulator on 127.0.0.1 (any free port). Its API lives under
 * `/v2` (the adapter's `baseUrl` is `<origin>/v2`), its hosted checkout
 * pages under `/pay/<link id>`.
 *
 * @example
 * const sim = await startHsaSimulator({ webhookUrls: ['http://127.0.0.1:4000/hooks'] })
 * const provider = hsaProvider(sim.adapterSettings())
 */
export async function startHsaSimulator(options: HsaSimulatorOptions = {}): Promise<HsaSimulator> {
  let origin = '';
  const a = assemble(options, (id) => `${origin}/pay/${id}`);
  const { ctx } = a;
  const expireDue = () => {
    for (const link of ctx.store.expireDue(a.clock.now()))
      ctx.events.emit('payment_link.expired', linkJson(link, ctx.wire));
  };
  const unsubscribe = a.clock.onChange(expireDue);
  const isApiRequest = (req: SimRequest) => req.path.startsWith('/v2/') || req.path === '/v2';
  const faults = new FaultQueue();
  const server = await startSimulatorServer({
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    faults,
    isApiRequest,
    errorResponse: a.fault,
    handle: (req): Promise<SimResponse> | SimResponse => {
      expireDue();
      if (isApiRequest(req)) return handleApi(ctx, req);
      const pay = /^\/pay\/([^/]+)\/?$/.exec(req.path);
      if (pay !== null) return hostedCheckout(ctx, req, decodeURIComponent(pay[1] as string));
      return { status: 404, html: '<!doctype html><title>Not found</title><p>Not found</p>' };
    },
  });
  origin = server.origin;
  return simulatorApi(a, server, faults, expireDue, unsubscribe);
}
