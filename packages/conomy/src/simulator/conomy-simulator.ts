import { createHmac, randomUUID } from 'node:crypto';

import {
  BoundedLog,
  checkoutRedirect,
  FaultQueue,
  ManualClock,
  renderCheckoutPage,
  startSimulatorServer,
  submitCheckout,
  WebhookSender,
  type HostileTarget,
  type ProviderSimulator,
  type SimRequest,
  type SimResponse,
  type SimulatorOptions,
} from '@paylinks/core/testing';

import { conomyError, conomyErrorForStatus } from './sim-errors.js';
import { SimTokens } from './sim-tokens.js';
import {
  linkExpiresAt,
  linkJson,
  matchesFilters,
  newConomyId,
  parseCreateBody,
  type AmountFormat,
  type SimLink,
  type SimTransaction,
} from './sim-links.js';

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
  readonly webhookSignature?: 'body' | 'header' | 'both';
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

/** Ready settings for the Conomy adapter against this simulator. */
export type ConomySimulatorSettings = {
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
  const clock = options.clock ?? new ManualClock();
  const faults = new FaultQueue();
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
  const environment = options.environment ?? '/sandbox';
  const tokenLifetime = options.tokenLifetimeSeconds ?? 3600;
  const amountFormat = options.amountFormat ?? 'exponent';
  const signatureForm = options.webhookSignature ?? 'body';
  const defaultPageSize = options.defaultPageSize ?? 10;
  let webhookUrl = options.webhookUrl;
  const tokens = new SimTokens(tokenLifetime * 1000, () => clock.now().getTime());
  const links = new Map<string, SimLink>();
  const byToken = new Map<string, SimLink>();
  const requests = new BoundedLog<ConomyLoggedRequest>(options.logSize);
  let origin = '';

  const checkoutUrl = (token: string) => `${origin}/checkout/${encodeURIComponent(token)}`;

  const sendWebhook = (link: SimLink, transaction: SimTransaction, event: string) => {
    if (webhookUrl === undefined) return;
    const data = {
      transaction: {
        id: transaction.id,
        purchaseAmount: link.totalAmount,
        totalAmount: link.totalAmount,
        // For a payment-link payment the client-provided identifier is the link's checkoutToken.
        externalId: link.checkoutToken,
        currency: link.currency,
        status: transaction.status,
      },
    };
    const sign = (payload: string) =>
      createHmac('sha256', credentials.webhookSecret).update(payload).digest('hex');
    const body =
      signatureForm === 'header'
        ? JSON.stringify({ event, data })
        : JSON.stringify({ event, data, signature: sign(JSON.stringify({ event, data })) });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signatureForm !== 'body') headers['x-webhook-signature'] = sign(body);
    webhooks.send({ url: webhookUrl, headers, body });
  };

  const expireDue = () => {
    const now = clock.now().getTime();
    for (const link of links.values()) {
      if ((link.status === 'ATTEMPT' || link.status === 'ACTIVE') && now >= linkExpiresAt(link).getTime()) {
        link.status = 'EXPIRED';
      }
    }
  };
  const unsubscribe = clock.onChange(expireDue);

  const visible = (id: string) => {
    const link = links.get(id);
    return link === undefined || link.deleted ? undefined : link;
  };
  const notFound = (id: string) => conomyError('notFound', `payment link ${id} not found`);
  const answer = (link: SimLink, status = 200): SimResponse => ({
    status,
    json: linkJson(link, amountFormat),
  });

  const authorize = (request: SimRequest): SimResponse | undefined => {
    if (request.headers['x-api-key'] !== credentials.apiKey)
      return conomyError('unauthorized', 'missing or invalid x-api-key');
    const header = request.headers['authorization'];
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
    const refused = tokens.check(token);
    if (refused === 'missing') return conomyError('unauthorized', 'missing or invalid bearer token');
    if (refused === 'expired') return conomyError('unauthorized', 'the access token has expired');
    return undefined;
  };

  const auth = (request: SimRequest): SimResponse => {
    if (request.headers['x-api-key'] !== credentials.apiKey)
      return conomyError('unauthorized', 'missing or invalid x-api-key');
    const body = request.json as Record<string, unknown> | undefined;
    if (typeof body !== 'object' || body === null)
      return conomyError('parsingResource', 'the request body could not be parsed');
    if (body['clientId'] === undefined) return conomyError('missingParam', 'clientId is required');
    if (body['clientSecret'] === undefined) return conomyError('missingParam', 'clientSecret is required');
    if (body['clientId'] !== credentials.clientId || body['clientSecret'] !== credentials.clientSecret) {
      return conomyError('unauthorized', 'invalid client credentials');
    }
    const accessToken = tokens.issue();
    return { status: 200, json: { accessToken, tokenType: 'Bearer', expiresIn: tokenLifetime } };
  };

  const list = (request: SimRequest): SimResponse => {
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
    const size = limit === undefined || limit === 0 ? defaultPageSize : limit;
    // `offset` skips items; `next` is the position of the last item already retrieved. Both count from the start.
    const start = offset ?? next ?? 0;
    const matching = [...links.values()].filter((l) => !l.deleted && matchesFilters(l, request.query));
    const results = matching.slice(start, start + size);
    const end = start + results.length;
    return {
      status: 200,
      json: {
        pagination: {
          count: results.length,
          next: end < matching.length ? end : null,
          previous: start > 0 ? Math.max(0, start - size) : null,
          total: matching.length,
        },
        results: results.map((l) => linkJson(l, amountFormat)),
      },
    };
  };

  const api = (request: SimRequest, path: string): SimResponse => {
    if (path === '/auth' && request.method === 'POST') return auth(request);
    if (typeof request.headers['user-agent'] !== 'string' || request.headers['user-agent'] === '') {
      return conomyError('missingParam', 'User-Agent header is required');
    }
    const refused = authorize(request);
    if (refused !== undefined) return refused;
    if (path === '/payment-links') {
      if (request.method === 'GET') return list(request);
      if (request.method === 'POST') {
        const parsed = parseCreateBody(request.json ?? (request.rawBody.length > 0 ? null : undefined), {
          now: clock.now(),
          checkoutUrl,
        });
        if (!parsed.ok) return parsed.error;
        const existing = byToken.get(parsed.value.checkoutToken);
        if (existing !== undefined && !existing.deleted) {
          return conomyError(
            'alreadyExist',
            `a payment link with checkoutToken ${parsed.value.checkoutToken} already exists`,
          );
        }
        links.set(parsed.value.id, parsed.value);
        byToken.set(parsed.value.checkoutToken, parsed.value);
        return answer(parsed.value, 201);
      }
    }
    const match = /^\/payment-links\/([^/]+)(\/activate)?$/.exec(path);
    if (match !== null) {
      const id = decodeURIComponent(match[1] as string);
      const link = visible(id);
      if (match[2] !== undefined) {
        if (request.method !== 'POST')
          return conomyError('unimplemented', `${request.method} ${path} is not supported`);
        if (link === undefined) return notFound(id);
        if (link.status === 'ATTEMPT') link.status = 'ACTIVE';
        else if (link.status !== 'ACTIVE') {
          return conomyError(
            'failedPrecondition',
            `payment link ${id} is ${link.status} and cannot be activated`,
          );
        }
        return answer(link);
      }
      if (request.method === 'GET') return link === undefined ? notFound(id) : answer(link);
      if (request.method === 'DELETE') {
        if (link === undefined) return notFound(id);
        if (link.status !== 'ATTEMPT' && link.status !== 'EXPIRED') {
          return conomyError(
            'failedPrecondition',
            `only ATTEMPT and EXPIRED links can be deleted; payment link ${id} is ${link.status}`,
          );
        }
        link.deleted = true;
        return { status: 204 };
      }
    }
    return conomyError('notFound', `no route for ${request.method} ${path}`);
  };

  const checkoutPage = (link: SimLink, message?: string, status = 200): SimResponse => ({
    status,
    html: renderCheckoutPage({
      provider: 'Conomy',
      title: `Pay ${link.checkoutToken}`,
      amount: link.totalAmount,
      currency: link.currency,
      description: link.items.flatMap((i) => (i.description !== undefined ? [i.description] : [])).join(', '),
      status: link.status,
      payable: link.status === 'ACTIVE',
      ...(message !== undefined ? { message } : {}),
    }),
  });

  const checkout = (request: SimRequest, token: string): SimResponse => {
    const link = byToken.get(token);
    if (link === undefined || link.deleted)
      return { status: 404, html: '<!doctype html><p>This payment link does not exist.</p>' };
    if (request.method === 'GET') return checkoutPage(link);
    if (request.method !== 'POST') return { status: 405, text: 'method not allowed' };
    const outcome = request.form.get('outcome');
    if (outcome !== 'success' && outcome !== 'failure')
      return checkoutPage(link, 'choose pay or decline', 400);
    if (link.status !== 'ACTIVE') {
      return checkoutPage(
        link,
        link.status === 'ATTEMPT'
          ? 'this payment link has not been activated'
          : 'this payment link has been deactivated',
        409,
      );
    }
    const page = link.url;
    if (outcome === 'failure') {
      const transaction: SimTransaction = { id: newConomyId(), status: 'FAILED', createdAt: clock.now() };
      link.transactions.push(transaction);
      sendWebhook(link, transaction, 'Transaction.Failed');
      return checkoutRedirect(link.failedUrl ?? `${page}?result=failed`);
    }
    const captured: SimTransaction = { id: newConomyId(), status: 'CAPTURED', createdAt: clock.now() };
    link.transactions.push(captured);
    link.status = 'FINISHED';
    sendWebhook(link, captured, 'Transaction.Captured');
    // The sandbox settles at once: the funds are RECEIVED right after the capture.
    sendWebhook(link, { ...captured, status: 'RECEIVED' }, 'Transaction.Received');
    return checkoutRedirect(link.successUrl ?? `${page}?result=paid`);
  };

  const isApi = (request: SimRequest) =>
    request.path === environment || request.path.startsWith(`${environment}/`);

  const server = await startSimulatorServer({
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    faults,
    isApiRequest: isApi,
    errorResponse: conomyErrorForStatus,
    handle: (request) => {
      expireDue();
      if (isApi(request)) {
        const response = api(request, request.path.slice(environment.length) || '/');
        requests.push({
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
      if (page !== null) return checkout(request, decodeURIComponent(page[1] as string));
      return { status: 404, text: 'not found' };
    },
  });
  origin = server.origin;
  const baseUrl = `${origin}${environment}`;

  return {
    provider: 'conomy',
    baseUrl,
    clock,
    faults,
    webhooks,
    credentials,
    get requests() {
      return requests.toArray();
    },
    adapterSettings: (settings: { readonly invalidCredentials?: boolean } = {}): ConomySimulatorSettings => ({
      apiKey: credentials.apiKey,
      clientId: credentials.clientId,
      clientSecret: settings.invalidCredentials === true ? `wrong_${randomUUID()}` : credentials.clientSecret,
      webhookSecret: credentials.webhookSecret,
      baseUrl,
      now: clock.fn,
    }),
    checkout: (linkUrl, outcome) => submitCheckout(linkUrl, outcome),
    stats: () => ({ apiRequests: server.apiRequests(), linksCreated: links.size }),
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    link: (id) => {
      const link = links.get(id);
      return link === undefined ? undefined : linkJson(link, amountFormat);
    },
    transactions: (id) => links.get(id)?.transactions ?? [],
    setLinkStatus: (id, status) => {
      const link = links.get(id);
      if (link === undefined) throw new Error(`no payment link ${id}`);
      link.status = status;
    },
    hostileTarget: () => {
      const accessToken = tokens.issue();
      return Promise.resolve({
        createPath: `${environment}/payment-links`,
        linkPath: (id: string) => `${environment}/payment-links/${id}`,
        createBody: JSON.stringify({
          checkoutToken: `hostile-${randomUUID()}`,
          currency: 'CLP',
          duration: 3600,
          items: [{ preTaxAmount: '49990', totalAmount: '49990', description: 'Invoice' }],
        }),
        headers: {
          'x-api-key': credentials.apiKey,
          'user-agent': 'paylinks-hostile/1.0',
          authorization: `Bearer ${accessToken}`,
        },
      });
    },
    revokeTokens: () => tokens.revokeAll(),
    tokensIssued: () => tokens.issued,
    close: async () => {
      unsubscribe();
      webhooks.close();
      await server.close();
    },
  };
}
