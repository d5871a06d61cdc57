// The route for one input (rule, order, providers left out and why), shared by create and explain.
import * as E from 'fp-ts/lib/Either.js';

import { validationError, type ValidationError, type PaymentLinkProvider } from '@paylinks/core/adapter';

import type { ExplainContext, RouteExplanation, SkippedProvider } from './router-types.js';
import { selectRouteRule, type RouteContext, type RuleSelection } from './match-route-rule.js';
import { contextOf, type RouterState } from './router-state.js';

/** The route for one input, before breakers are asked: what both create and explain start from. */
export interface RoutePlan {
  readonly selection: RuleSelection;
  /** Providers of the route that can take the input, in order. */
  readonly candidates: ReadonlyArray<PaymentLinkProvider>;
  readonly skipped: ReadonlyArray<SkippedProvider>;
  readonly refusals: ReadonlyArray<ValidationError>;
}

const issuesOf = (error: ValidationError) => error.issues ?? [{ field: error.field, message: error.message }];

/** Picks the rule for `input`, then keeps the providers of its order that can take the input. */
export function planRoute(state: RouterState, input: unknown, context: RouteContext): RoutePlan {
  const selection = selectRouteRule(state.config, input, context);
  const route = selection.rule !== undefined ? `rule ${selection.rule.name}` : 'the fallback';
  const candidates: PaymentLinkProvider[] = [];
  const refusals: ValidationError[] = [];
  const skipped: SkippedProvider[] = [];
  for (const id of selection.order) {
    const provider = state.byId.get(id) as PaymentLinkProvider;
    const verdict = state.check(input, provider);
    if (E.isRight(verdict)) candidates.push(provider);
    else {
      refusals.push({ ...verdict.left, provider: id });
      skipped.push({
        provider: id,
        reason: 'cannot-take-input',
        detail: `${id} cannot take this input: ${verdict.left.message}`,
        issues: issuesOf(verdict.left),
      });
    }
  }
  for (const id of state.ids) {
    if (selection.order.includes(id)) continue;
    skipped.push({
      provider: id,
      reason: 'not-in-route',
      detail:
        selection.order.length === 0
          ? 'no rule matches and there is no fallback'
          : `${route} uses ${selection.order.join(', ')}`,
    });
  }
  return { selection, candidates, skipped, refusals };
}

/** `router.explain`: the plan, with the providers whose breakers would turn a create away moved to `skipped`. */
export function explainRoute(
  state: RouterState,
  input: unknown,
  context: ExplainContext = {},
): RouteExplanation {
  const planned = planRoute(state, input, contextOf(state, context.merchantId));
  const order: string[] = [];
  const resting: SkippedProvider[] = [];
  for (const provider of planned.candidates) {
    const breaker = state.breakers.get(provider.id)?.snapshot();
    if (breaker?.state === 'open') {
      resting.push({
        provider: provider.id,
        reason: 'breaker-open',
        detail: `${provider.id}'s breaker is open until ${breaker.retryAt?.toISOString()}`,
        ...(breaker.retryAt !== undefined ? { retryAt: breaker.retryAt } : {}),
      });
    } else if (
      breaker?.state === 'half-open' &&
      breaker.probesInFlight >= (state.health?.halfOpenProbes ?? 1)
    ) {
      resting.push({
        provider: provider.id,
        reason: 'breaker-open',
        detail: `${provider.id}'s breaker is half-open and its probe is in flight`,
      });
    } else order.push(provider.id);
  }
  const { selection } = planned;
  return {
    source: selection.rule !== undefined ? 'rule' : selection.order.length > 0 ? 'fallback' : 'none',
    ...(selection.rule !== undefined ? { rule: selection.rule.name } : {}),
    order,
    skipped: [...resting, ...planned.skipped],
    rules: selection.verdicts,
  };
}

/** The error of a create whose plan has no candidate: no rule matched, or every provider refused the input. */
export function noRouteError(
  selection: RuleSelection,
  refusals: ReadonlyArray<ValidationError>,
): ValidationError {
  if (selection.order.length === 0) {
    const why = selection.verdicts.map((v) => `${v.rule}: ${v.unmet.join(', ')}`).join('; ');
    return validationError({
      operation: 'create',
      field: '',
      message: `no routing rule matches this input and there is no fallback${why !== '' ? ` (${why})` : ''}`,
    });
  }
  const issues = refusals.flatMap((refusal) =>
    issuesOf(refusal).map((issue) => ({
      ...issue,
      provider: refusal.provider ?? '',
      message: `[${refusal.provider}] ${issue.message}`,
    })),
  );
  const route = selection.rule !== undefined ? `rule ${selection.rule.name}` : 'the fallback';
  return validationError({
    operation: 'create',
    field: issues[0]?.field ?? '',
    message: `no provider of ${route} can take this input: ${issues.map((i) => i.message).join('; ')}`,
    issues,
  });
}
