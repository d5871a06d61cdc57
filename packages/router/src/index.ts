/**
 * `@paylinks/router`: one `PaymentLinks` client over several providers. Rules choose the
 * providers for each create, a circuit breaker per provider skips the unhealthy ones, a failed
 * create fails over when it is safe to (never after an ambiguous answer), and routed link ids
 * and webhooks find their way back to the provider that holds the link.
 *
 * Every name is listed here on purpose; `surface.test.ts` pins the list.
 */
export {
  AmountRange,
  decodeRoutingConfig,
  ExpiryRange,
  ProviderOrder,
  RouteConditions,
  RouteNeed,
  RouteRule,
  RoutingConfig,
} from './routing-rules.js';
export {
  selectRouteRule,
  type RouteContext,
  type RuleSelection,
  type RuleVerdict,
} from './match-route-rule.js';
export {
  defaultHealthSettings,
  HealthSettings,
  type BreakerSnapshot,
  type BreakerState,
  type BreakerTransition,
} from './circuit-breaker.js';
export { createRouter, createRouterEither } from './create-router.js';
export type {
  AmbiguityEvent,
  AmbiguitySettings,
  ExplainContext,
  FailoverEvent,
  RouteAttempt,
  RouteExplanation,
  RouteOptions,
  RouteOutcome,
  Router,
  RouterEvents,
  RouterOptions,
  RouterTE,
  SkippedProvider,
} from './router-types.js';
export { parseRoutedLinkId, routedLinkId } from './routed-link-id.js';
export { webhookProviderHeader } from './route-webhook.js';
