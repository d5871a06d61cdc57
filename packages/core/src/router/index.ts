export {
  AmountRange,
  decodeRoutingRules,
  ExpiryRange,
  ProviderOrder,
  RouteConditions,
  RouteNeed,
  RouteRule,
  RoutingRules,
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
