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
