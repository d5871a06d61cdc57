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
  unmetConditions,
  type RouteContext,
  type RuleSelection,
  type RuleVerdict,
} from './match-route-rule.js';
export {
  createCircuitBreaker,
  decodeHealthSettings,
  defaultHealthSettings,
  HealthSettings,
  healthOutcome,
  type BreakerPermit,
  type BreakerSnapshot,
  type BreakerState,
  type BreakerTransition,
  type CircuitBreaker,
  type HealthOutcome,
} from './circuit-breaker.js';
export {
  createRouter,
  createRouterEither,
  type AmbiguityEvent,
  type AmbiguitySettings,
  type ExplainContext,
  type FailoverEvent,
  type RouteAttempt,
  type RouteExplanation,
  type RouteOptions,
  type RouteOutcome,
  type Router,
  type RouterEvents,
  type RouterTE,
  type RouterOptions,
  type SkippedProvider,
} from './create-router.js';
export { judgeCreateFailure, type CreateFailureVerdict } from './failover-policy.js';
export { parseRoutedLinkId, routedLinkId } from './routed-link-id.js';
export { namedWebhookProvider, webhookProviderHeader } from './route-webhook.js';
export { routerEligibility, type CreateCheck } from './router-eligibility.js';
