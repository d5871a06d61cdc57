// A stateful stand-in for the HSA/FSA provider's payment-link API, written
// from its documentation (seed 003 and providers.md). It shares no mapping
// code with the adapter, so a misreading in one shows up in the other.
import { randomBytes } from 'node:crypto';

import { formatDecimal, isCurrencyCode, signTimestamped, type Money } from '@paylinks/core';
import {
  BoundedLog,
  checkoutRedirect,
  FaultQueue,
  IdempotencyStore,
  ManualClock,
  renderCheckoutPage,
  startSimulatorServer,
  submitCheckout,
  type HostileTarget,
  type ProviderSimulator,
  type SimRequest,
  type SimResponse,
  type SimulatorFault,
  type SimulatorOptions,
  WebhookSender,
} from '@paylinks/core/testing';

import { errorResponse, statusError, type ErrorEnvelope, type SimError } from './hsa-sim-errors.js';
import {
  parseTimestamp,
  validateCreateBody,
  type SimCreateSpec,
  type SimSubscriptionSpec,
} from './hsa-sim-validate.js';

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

type LinkStatus = 'active' | 'paid' | 'expired' | 'cancelled';

interface SimOrder {
  readonly id: string;
  readonly linkId: string;
  readonly status: 'completed' | 'failed';
  readonly amount: number;
  readonly currency: string;
  readonly createdAt: Date;
  readonly paidAt?: Date;
}

interface SimLink {
  readonly id: string;
  readonly seq: number;
  readonly spec: SimCreateSpec;
  readonly createdAt: Date;
  status: LinkStatus;
  paidAt?: Date;
  cancelledAt?: Date;
  cancellationReason?: string;
  order?: SimOrder;
  readonly attempts: SimOrder[];
  subscription?: { readonly id: string; readonly status: string };
  lastMessage?: string;
}

/** An event the simulator sent (to every registered endpoint). */
export interface HsaSimEvent {
  readonly id: string;
  readonly type: string;
  readonly body: string;
}

/** Ready settings for `hsaProvider(...)` against the simulator. */
export type HsaSimulatorSettings = {
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

const MINUTE_MS = 60_000;
const IDEMPOTENCY_TTL_MS = 24 * 60 * MINUTE_MS;
/** Documented schedule: at once, then 30 s, 2 min, 10 min; answer within 5 s. */
const retryDelaysMs = [30_000, 120_000, 600_000];

const newId = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;
const iso = (d: Date | undefined) => (d === undefined ? null : d.toISOString());

function html(status: number, body: string): SimResponse {
  return { status, html: body };
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
  const clock = options.clock ?? new ManualClock();
  const faults = new FaultQueue();
  const after = new FaultQueue();
  // Documented order: payment_link.paid before order.created, so each endpoint's events go one after the other.
  const webhooks = new WebhookSender({
    retryDelaysMs: options.webhookRetryDelaysMs ?? retryDelaysMs,
    timeoutMs: options.webhookTimeoutMs ?? 5_000,
    ordered: true,
    ...(options.logSize !== undefined ? { historySize: options.logSize } : {}),
  });
  const apiKey = options.apiKey ?? 'glm_test_simulator_key';
  const validKeys = new Set([apiKey, ...(options.extraApiKeys ?? [])]);
  const webhookSecret = options.webhookSecret ?? 'whsec_simulator_secret';
  const endpoints = new Set(options.webhookUrls ?? []);
  const cents = (options.responseFields ?? 'cents') === 'cents';
  const rateNow = options.rateLimitNow ?? Date.now;
  const currencies =
    options.currencies !== undefined ? new Set(options.currencies.map((c) => c.toUpperCase())) : undefined;
  const acceptsCurrency = (code: string) =>
    currencies !== undefined ? currencies.has(code) : isCurrencyCode(code);
  const isEligible = options.isEligible ?? (() => true);
  let envelope: ErrorEnvelope = options.errorEnvelope ?? 'current';

  const links = new Map<string, SimLink>();
  const sent = new BoundedLog<HsaSimEvent>(options.logSize);
  const idempotency = new IdempotencyStore({ ttlMs: IDEMPOTENCY_TTL_MS, now: () => clock.now().getTime() });
  const windows = new Map<string, { start: number; count: number }>();
  const held = new Set<() => void>();
  let seq = 0;
  let linksCreated = 0;
  let origin = '';

  const pageUrl = (id: string) => `${origin}/pay/${id}`;

  // --- wire shapes -------------------------------------------------------

  const orderJson = (order: SimOrder) => ({
    id: order.id,
    object: 'order',
    payment_link_id: order.linkId,
    status: order.status,
    [cents ? 'amount_cents' : 'amount']: order.amount,
    currency: order.currency,
    created_at: iso(order.createdAt),
    paid_at: iso(order.paidAt),
  });

  const subscriptionJson = (spec: SimSubscriptionSpec, link: SimLink) => ({
    interval: spec.interval,
    interval_count: spec.interval_count,
    ...(spec.trial_period_days !== undefined ? { trial_period_days: spec.trial_period_days } : {}),
    ...(link.subscription !== undefined
      ? { id: link.subscription.id, status: link.subscription.status }
      : {}),
  });

  const linkJson = (link: SimLink): Record<string, unknown> => {
    const { spec } = link;
    return {
      id: link.id,
      url: pageUrl(link.id),
      [cents ? 'amount_cents' : 'amount']: spec.amount,
      currency: spec.currency,
      description: spec.description,
      payment_type: spec.paymentType,
      status: link.status,
      ...(spec.customer !== undefined ? { customer: spec.customer } : {}),
      products: spec.products.map((p) => {
        const eligible = isEligible(p);
        return {
          merchant_product_id: p.merchant_product_id,
          name: p.name,
          quantity: p.quantity,
          ...(cents
            ? {
                price_cents: p.price,
                is_hsa_fsa_eligible: eligible,
                eligibility_type: eligible ? 'auto_substantiation' : 'not_eligible',
              }
            : { price: p.price, hsa_fsa_eligible: eligible }),
        };
      }),
      ...(link.order !== undefined
        ? { order: { id: link.order.id, status: link.order.status, paid_at: iso(link.order.paidAt) } }
        : {}),
      ...(spec.subscription !== undefined ? { subscription: subscriptionJson(spec.subscription, link) } : {}),
      success_url: spec.successUrl,
      ...(spec.cancelUrl !== undefined ? { cancel_url: spec.cancelUrl } : {}),
      metadata: spec.metadata,
      expires_at: iso(spec.expiresAt),
      created_at: iso(link.createdAt),
      paid_at: iso(link.paidAt),
      ...(link.cancelledAt !== undefined ? { cancelled_at: iso(link.cancelledAt) } : {}),
      ...(link.cancellationReason !== undefined ? { cancellation_reason: link.cancellationReason } : {}),
    };
  };

  // --- webhooks ----------------------------------------------------------

  const emit = (type: string, data: Record<string, unknown>) => {
    const now = clock.now();
    const id = newId('evt');
    const body = JSON.stringify({ id, type, created_at: now.toISOString(), data });
    sent.push({ id, type, body });
    const auth =
      options.webhookAuth === 'bearer'
        ? { Authorization: `Bearer ${webhookSecret}` }
        : { 'X-Gale-Signature': signTimestamped(webhookSecret, body, Math.floor(now.getTime() / 1000)) };
    for (const url of endpoints) webhooks.send({ url, headers: auth, body });
  };

  // --- state transitions -------------------------------------------------

  const expireDue = () => {
    const now = clock.now().getTime();
    for (const link of links.values()) {
      if (link.status === 'active' && link.spec.expiresAt.getTime() <= now) {
        link.status = 'expired';
        emit('payment_link.expired', linkJson(link));
      }
    }
  };
  const unsubscribe = clock.onChange(expireDue);

  const attempt = (link: SimLink, outcome: 'success' | 'failure') => {
    const now = clock.now();
    const order: SimOrder = {
      id: newId('ord'),
      linkId: link.id,
      status: outcome === 'success' ? 'completed' : 'failed',
      amount: link.spec.amount,
      currency: link.spec.currency,
      createdAt: now,
      ...(outcome === 'success' ? { paidAt: now } : {}),
    };
    link.attempts.push(order);
    if (outcome === 'failure') {
      link.lastMessage = 'Payment declined. Try another card.';
      emit('order.failed', orderJson(order));
      return;
    }
    link.status = 'paid';
    link.paidAt = now;
    link.order = order;
    link.lastMessage = 'Payment received.';
    if (link.spec.subscription !== undefined) {
      const trial = link.spec.subscription.trial_period_days ?? 0;
      link.subscription = { id: newId('sub'), status: trial > 0 ? 'trialing' : 'active' };
    }
    // Documented order: payment_link.paid, then order.created.
    emit('payment_link.paid', linkJson(link));
    emit('order.created', orderJson(order));
    if (link.subscription !== undefined && link.spec.subscription !== undefined) {
      emit('subscription.created', {
        ...subscriptionJson(link.spec.subscription, link),
        payment_link_id: link.id,
      });
    }
  };

  // --- API ---------------------------------------------------------------

  const fail = (error: SimError, headers: Record<string, string> = {}) =>
    errorResponse(error, envelope, headers);
  const notFound = (what: string) => fail({ status: 404, code: 'not_found', message: `${what} not found` });

  const rateLimit = (key: string): { headers: Record<string, string>; limited?: SimResponse } => {
    const limit = options.rateLimitPerMinute ?? (key.startsWith('glm_test_') ? 100 : 1000);
    const now = rateNow();
    let window = windows.get(key);
    if (window === undefined || now - window.start >= MINUTE_MS) {
      window = { start: now, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    const resetSeconds = Math.ceil((window.start + MINUTE_MS) / 1000);
    const headers = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - window.count)),
      'X-RateLimit-Reset': String(resetSeconds),
    };
    if (window.count <= limit) return { headers };
    const wait = Math.max(1, Math.ceil((window.start + MINUTE_MS - now) / 1000));
    return {
      headers,
      limited: fail(
        {
          status: 429,
          code: 'rate_limit_exceeded',
          message: `Too many requests. Please try again in ${wait} seconds.`,
        },
        { ...headers, 'Retry-After': String(wait) },
      ),
    };
  };

  const createLink = (req: SimRequest): SimResponse => {
    const checked = validateCreateBody(req.json, clock.now(), acceptsCurrency);
    if (!checked.ok) return fail(checked.error);
    const spec = checked.value;
    const link: SimLink = {
      id: newId('plink'),
      seq: seq++,
      spec,
      createdAt: clock.now(),
      status: 'active',
      attempts: [],
    };
    links.set(link.id, link);
    linksCreated += 1;
    emit('payment_link.created', linkJson(link));
    return { status: 201, json: linkJson(link) };
  };

  const cancelLink = (req: SimRequest, id: string): SimResponse => {
    const link = links.get(id);
    if (link === undefined) return notFound('Payment link');
    const body = req.json ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return fail({ status: 400, code: 'bad_request', message: 'Request body must be a JSON object' });
    }
    const reason = (body as Record<string, unknown>)['reason'];
    if (reason !== undefined && reason !== null && (typeof reason !== 'string' || [...reason].length > 500)) {
      return fail({
        status: 422,
        code: 'validation_error',
        message: 'Validation failed: reason must be a string of at most 500 characters',
        fieldErrors: { reason: ['must be a string of at most 500 characters'] },
      });
    }
    if (link.status !== 'active') {
      return fail({
        status: 400,
        code: 'invalid_state',
        message: `Link is not in cancellable state (${link.status})`,
      });
    }
    link.status = 'cancelled';
    link.cancelledAt = clock.now();
    if (typeof reason === 'string' && reason !== '') link.cancellationReason = reason;
    emit('payment_link.cancelled', linkJson(link));
    return { status: 200, json: linkJson(link) };
  };

  const listLinks = (req: SimRequest): SimResponse => {
    const q = req.query;
    const errors: Record<string, string[]> = {};
    const limitText = q.get('limit');
    const limit = limitText === null ? 10 : /^\d+$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= 100)) errors['limit'] = ['must be an integer from 1 to 100'];
    const status = q.get('status');
    if (status !== null && !['active', 'paid', 'expired', 'cancelled'].includes(status))
      errors['status'] = ['must be active, paid, expired or cancelled'];
    const paymentType = q.get('payment_type');
    if (paymentType !== null && paymentType !== 'one_time' && paymentType !== 'subscription')
      errors['payment_type'] = ['must be one_time or subscription'];
    const after = q.get('created_after');
    const before = q.get('created_before');
    const afterDate = after === null ? undefined : parseTimestamp(after);
    const beforeDate = before === null ? undefined : parseTimestamp(before);
    if (after !== null && afterDate === undefined)
      errors['created_after'] = ['must be an ISO 8601 timestamp'];
    if (before !== null && beforeDate === undefined)
      errors['created_before'] = ['must be an ISO 8601 timestamp'];
    const cursor = q.get('starting_after');
    const ordered = [...links.values()].sort(
      (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.seq - a.seq,
    );
    const start = cursor === null ? 0 : ordered.findIndex((l) => l.id === cursor) + 1;
    if (cursor !== null && start === 0) errors['starting_after'] = ['no such payment link'];
    if (Object.keys(errors).length > 0) {
      return fail({
        status: 400,
        code: 'invalid_request',
        message: `Invalid parameters: ${Object.keys(errors).join(', ')}`,
        fieldErrors: errors,
      });
    }
    const email = q.get('customer_email')?.toLowerCase();
    const matching = ordered
      .slice(start)
      .filter(
        (l) =>
          (status === null || l.status === status) &&
          (paymentType === null || l.spec.paymentType === paymentType) &&
          (email === undefined || l.spec.customer?.email?.toLowerCase() === email) &&
          (afterDate === undefined || l.createdAt.getTime() > afterDate.getTime()) &&
          (beforeDate === undefined || l.createdAt.getTime() < beforeDate.getTime()),
      );
    const page = matching.slice(0, limit);
    const hasMore = matching.length > page.length;
    return {
      status: 200,
      json: {
        data: page.map(linkJson),
        has_more: hasMore,
        next_cursor: hasMore ? (page[page.length - 1]?.id ?? null) : null,
      },
    };
  };

  const route = (req: SimRequest): SimResponse => {
    const parts = req.path.replace(/\/+$/, '').split('/').slice(1);
    if (parts[0] !== 'v2' || parts[1] !== 'payment-links') return notFound('Endpoint');
    const id = parts[2] !== undefined ? decodeURIComponent(parts[2]) : undefined;
    if (parts.length === 2) {
      if (req.method === 'POST') return createLink(req);
      if (req.method === 'GET') return listLinks(req);
    } else if (parts.length === 3 && id !== undefined) {
      if (req.method === 'GET') {
        const link = links.get(id);
        return link === undefined ? notFound('Payment link') : { status: 200, json: linkJson(link) };
      }
    } else if (parts.length === 4 && parts[3] === 'cancel' && id !== undefined) {
      if (req.method === 'POST') return cancelLink(req, id);
    } else return notFound('Endpoint');
    return fail({ status: 405, code: 'method_not_allowed', message: `${req.method} is not allowed here` });
  };

  const applyAfterFault = async (
    fault: SimulatorFault | undefined,
    response: SimResponse,
  ): Promise<SimResponse> => {
    if (fault === undefined) return response;
    switch (fault.kind) {
      case 'status':
        return errorResponse(statusError(fault.status), envelope, {
          ...(fault.retryAfterSeconds !== undefined
            ? { 'Retry-After': String(fault.retryAfterSeconds) }
            : {}),
        });
      case 'malformed':
        return { status: 200, headers: { 'content-type': 'application/json' }, text: '{"id": "plink_' };
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        return response;
      case 'drop':
        // The work is done but no answer comes: the caller times out. Released on close.
        return new Promise<SimResponse>((resolve) => {
          const release = () => resolve(response);
          held.add(release);
        });
      default:
        return response;
    }
  };

  const api = async (req: SimRequest): Promise<SimResponse> => {
    const requestId = newId('req');
    const auth = /^Bearer\s+(.+)$/i.exec(String(req.headers['authorization'] ?? '').trim());
    const key = auth?.[1]?.trim();
    if (key === undefined || !validKeys.has(key)) {
      return fail(
        { status: 401, code: 'unauthorized', message: 'Invalid or missing API key' },
        { 'X-Request-Id': requestId },
      );
    }
    const limited = rateLimit(key);
    if (limited.limited !== undefined) {
      return { ...limited.limited, headers: { ...limited.limited.headers, 'X-Request-Id': requestId } };
    }
    if (req.method === 'POST' && req.rawBody.length > 0 && req.json === undefined) {
      return fail(
        { status: 400, code: 'bad_request', message: 'Malformed JSON' },
        { ...limited.headers, 'X-Request-Id': requestId },
      );
    }
    const response = idempotency.answer(
      req,
      key,
      () => route(req),
      () =>
        fail({
          status: 409,
          code: 'conflict',
          message:
            'Idempotency-Key was already used with a different request; use a new key for a new request',
        }),
    );
    const answered = {
      ...response,
      headers: { ...response.headers, ...limited.headers, 'X-Request-Id': requestId },
    };
    return applyAfterFault(after.take(), answered);
  };

  // --- hosted checkout ---------------------------------------------------

  const checkoutPage = (link: SimLink, status = 200): SimResponse =>
    html(
      status,
      renderCheckoutPage({
        provider: 'HSA/FSA',
        title: link.spec.description,
        amount: isCurrencyCode(link.spec.currency)
          ? formatDecimal({ amount: link.spec.amount as Money['amount'], currency: link.spec.currency })
          : String(link.spec.amount),
        currency: link.spec.currency,
        description: link.spec.description,
        status: link.status,
        payable: link.status === 'active',
        ...(link.lastMessage !== undefined ? { message: link.lastMessage } : {}),
      }),
    );

  const checkout = (req: SimRequest, id: string): SimResponse => {
    const link = links.get(id);
    if (link === undefined)
      return html(404, '<!doctype html><title>Not found</title><p>This payment link does not exist.</p>');
    if (req.method === 'GET') return checkoutPage(link);
    if (req.method !== 'POST') return html(405, '<!doctype html><p>Method not allowed</p>');
    const outcome = req.form.get('outcome');
    if (outcome !== 'success' && outcome !== 'failure' && outcome !== 'cancel') {
      return html(400, '<!doctype html><p>outcome must be success, failure or cancel</p>');
    }
    if (link.status !== 'active') return checkoutPage(link, 409);
    if (outcome === 'cancel') return checkoutRedirect(link.spec.cancelUrl ?? pageUrl(link.id));
    attempt(link, outcome);
    const location = outcome === 'success' ? link.spec.successUrl : (link.spec.cancelUrl ?? pageUrl(link.id));
    return checkoutRedirect(location);
  };

  const isApiRequest = (req: SimRequest) => req.path.startsWith('/v2/') || req.path === '/v2';

  const server = await startSimulatorServer({
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    faults,
    isApiRequest,
    errorResponse: (status, retryAfterSeconds) =>
      errorResponse(
        statusError(status),
        envelope,
        retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {},
      ),
    handle: (req) => {
      expireDue();
      if (isApiRequest(req)) return api(req);
      const pay = /^\/pay\/([^/]+)\/?$/.exec(req.path);
      if (pay !== null) return checkout(req, decodeURIComponent(pay[1] as string));
      return html(404, '<!doctype html><title>Not found</title><p>Not found</p>');
    },
  });
  origin = server.origin;
  const baseUrl = `${origin}/v2`;

  return {
    provider: 'hsa-provider',
    baseUrl,
    clock,
    faults,
    faultsAfterProcessing: after,
    webhooks,
    apiKey,
    webhookSecret,
    adapterSettings: (o = {}): HsaSimulatorSettings => ({
      apiKey: o.invalidCredentials === true ? `glm_test_invalid_${randomBytes(6).toString('hex')}` : apiKey,
      baseUrl,
      now: clock.fn,
      webhookSecret,
    }),
    checkout: (linkUrl, outcome) => submitCheckout(linkUrl, outcome),
    stats: () => ({ apiRequests: server.apiRequests(), linksCreated }),
    addWebhookEndpoint: (url) => void endpoints.add(url),
    removeWebhookEndpoint: (url) => void endpoints.delete(url),
    setWebhookUrl: (url) => {
      endpoints.clear();
      if (url !== undefined) endpoints.add(url);
    },
    setErrorEnvelope: (next) => {
      envelope = next;
    },
    link: (id) => {
      expireDue();
      const link = links.get(id);
      return link === undefined ? undefined : linkJson(link);
    },
    links: () => {
      expireDue();
      return [...links.values()]
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.seq - a.seq)
        .map(linkJson);
    },
    events: () => sent.toArray(),
    idempotentReplays: () => idempotency.replays(),
    hostileTarget: () =>
      Promise.resolve({
        createPath: '/v2/payment-links',
        linkPath: (id) => `/v2/payment-links/${id}`,
        createBody: JSON.stringify({
          amount_cents: 4995,
          currency: 'USD',
          description: 'Monitor',
          success_url: 'https://shop.example/ok',
        }),
        headers: { authorization: `Bearer ${apiKey}` },
      }),
    close: async () => {
      unsubscribe();
      webhooks.close();
      const closing = server.close();
      // Held answers go nowhere now: their sockets are gone.
      for (const release of held) release();
      held.clear();
      await closing;
    },
  };
}
