// createRouter: several providers behind one PaymentLinks-shaped client.
import * as E from 'fp-ts/lib/Either.js';

import { fromProvider } from '@paylinks/core';
import {
  PaymentLinkException,
  validationError,
  type ValidationError,
  type Capabilities,
  type PaymentLinkProvider,
  type WebhookEvent,
} from '@paylinks/core/adapter';

import { decodeHealthSettings, type HealthSettings } from './circuit-breaker.js';

import { explainRoute } from './plan-route.js';
import { parseRoutedWebhook } from './route-webhook.js';
import { routedCreate } from './routed-create.js';
import { withRoutedId } from './routed-link-id.js';
import {
  listRouted,
  onOwner,
  reconcileRouted,
  resolveRoutedWebhookLink,
  routedEvent,
} from './routed-operations.js';

import { createRouterState, type RouterState } from './router-state.js';
import type { Router, RouterOptions, RouterTE } from './router-types.js';
import { decodeRoutingConfig, type RoutingConfig } from './routing-rules.js';

function anyCapability(providers: ReadonlyArray<PaymentLinkProvider>): Capabilities {
  const any = (key: keyof Capabilities) => providers.some((p) => p.capabilities[key] === true);
  // A field every provider requires (or refuses) is required (refused) whatever the route.
  const every = (key: 'requires' | 'refuses') =>
    (providers[0]?.capabilities[key] ?? []).filter((field) =>
      providers.every((p) => p.capabilities[key].includes(field)),
    );
  return {
    requires: every('requires'),
    refuses: every('refuses'),
    list: any('list'),
    cancel: any('cancel'),
    activate: any('activate'),
    delete: any('delete'),
    subscriptions: any('subscriptions'),
    lineItems: any('lineItems'),
    metadata: any('metadata'),
    idempotency: any('idempotency'),
    signedWebhooks: any('signedWebhooks'),
    webhookUrlPerLink: any('webhookUrlPerLink'),
    reconcile: any('reconcile'),
  };
}

function checkProviders(providers: ReadonlyArray<PaymentLinkProvider>): ValidationError | undefined {
  const ids = providers.map((p) => (p as { id?: unknown } | undefined)?.id);
  const bad = ids.findIndex(
    (id, i) => typeof id !== 'string' || id === '' || id.includes(':') || ids.indexOf(id) !== i,
  );
  if (providers.length > 0 && bad < 0) return undefined;
  return validationError({
    operation: 'createRouter',
    field: bad < 0 ? 'providers' : `providers.${bad}`,
    message:
      bad < 0
        ? 'providers must list at least one provider'
        : `providers.${bad}: provider ids must be distinct, non-empty and without ":" (got ${JSON.stringify(ids[bad])})`,
  });
}

/**
 * Builds a router; a bad configuration (rules, fallback, health, providers)
 * is a `ValidationError` naming the field.
 */
export function createRouterEither(options: RouterOptions): E.Either<ValidationError, Router> {
  const providers = [...options.providers];
  const badProviders = checkProviders(providers);
  if (badProviders !== undefined) return E.left(badProviders);
  const ids = providers.map((p) => p.id);
  const config = decodeRoutingConfig(
    {
      rules: options.rules,
      ...(options.fallback !== undefined ? { fallback: options.fallback } : {}),
      ...(options.health !== undefined && options.health !== false ? { health: options.health } : {}),
    },
    { providers: ids },
  );
  if (E.isLeft(config)) return config;
  const health = options.health === false ? undefined : decodeHealthSettings(config.right.health);
  if (health !== undefined && E.isLeft(health)) return health;
  return E.right(buildRouter(options, providers, config.right, health?.right));
}

/**
 * Builds a router over several providers: rules pick the providers to try
 * per input, failover happens only when a failed create certainly made
 * nothing, a circuit breaker per provider skips one that keeps failing, and
 * `explain(input)` says why. Throws {@link PaymentLinkException} (a
 * `ValidationError` naming the field) on a bad configuration.
 *
 * @example
 * const router = createRouter({
 *   providers: [costplus(costplusSettings), conomy(conomySettings), hsaProvider(hsaSettings)],
 *   ...JSON.parse(readFileSync('routes.json', 'utf8')), // { rules, fallback, health }
 * })
 * const link = await router.create(input, { merchantId: 'm-42' })
 * link.id // 'conomy:6650f1c2...': get, cancel and webhooks go back to conomy
 */
export function createRouter(options: RouterOptions): Router {
  const result = createRouterEither(options);
  if (E.isLeft(result)) throw new PaymentLinkException(result.left);
  return result.right;
}

function buildRouter(
  options: RouterOptions,
  providers: ReadonlyArray<PaymentLinkProvider>,
  config: RoutingConfig,
  health: Required<HealthSettings> | undefined,
): Router {
  const state = createRouterState(options, providers, config, health);
  const client = fromProvider(routerProvider(state));
  return {
    ...client,
    // fromProvider hands create's options to the composite as given, merchantId included.
    te: client.te as RouterTE,
    explain: (input, context) => explainRoute(state, input, context),
    health: () => Object.fromEntries([...state.breakers].map(([id, breaker]) => [id, breaker.snapshot()])),
    on: (event, listener) => {
      const set = state.listeners.of(event);
      if (typeof listener !== 'function') throw new TypeError('the listener must be a function');
      set.add(listener);
      return () => set.delete(listener);
    },
    providers,
  };
}

// The router as one provider: create routes by the rules, everything else goes to the link's provider.
function routerProvider(state: RouterState): PaymentLinkProvider {
  const { providers } = state;
  return {
    id: 'router',
    capabilities: anyCapability(providers),
    create: routedCreate(state),
    get: (id, opts) => onOwner(state, id, 'get', (p, own) => p.get(own, opts), withRoutedId),
    list: listRouted(state),
    cancel: (id, reason, opts) =>
      onOwner(state, id, 'cancel', (p, own) => p.cancel?.(own, reason, opts), withRoutedId),
    activate: (id, opts) => onOwner(state, id, 'activate', (p, own) => p.activate?.(own, opts), withRoutedId),
    delete: (id, opts) =>
      onOwner(
        state,
        id,
        'delete',
        (p, own) => p.delete?.(own, opts),
        (_, v) => v,
      ),
    reconcile: reconcileRouted(state),
    parseWebhook: (request) =>
      E.map(({ provider, event }: { provider: PaymentLinkProvider; event: WebhookEvent }) =>
        routedEvent(provider.id, event),
      )(parseRoutedWebhook(providers, request)),
    resolveWebhookLink: (event, opts) => resolveRoutedWebhookLink(state, event, opts),
  };
}
