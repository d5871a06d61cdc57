// The router's create: the planned providers in order, with failover and ambiguity handling.
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';

import {
  providerError,
  validationError,
  type PaymentLinkError,
  newIdempotencyKey,
  type CreatePaymentLinkInput,
  type PaymentLink,
  type OperationOptions,
  type PaymentLinkProvider,
} from '@paylinks/core/adapter';

import { healthOutcome, type BreakerPermit, type CircuitBreaker } from './circuit-breaker.js';
import type { RouteAttempt, RouteOptions, RouteOutcome } from './router-types.js';
import { judgeCreateFailure, mayHideEarlierTry } from './failover-policy.js';
import { noRouteError, planRoute, type RoutePlan } from './plan-route.js';
import { withRoutedId } from './routed-link-id.js';
import { contextOf, referenceOf, type RouterState } from './router-state.js';
import { settleAmbiguity } from './settle-ambiguity.js';

type CreateResult = E.Either<PaymentLinkError, PaymentLink>;

const freePass: BreakerPermit = { probe: false, record: () => undefined };

/** The router's create: the plan's providers in order, failing over only when a failure certainly made nothing. */
export function routedCreate(
  state: RouterState,
): (input: CreatePaymentLinkInput, options?: RouteOptions) => TE.TaskEither<PaymentLinkError, PaymentLink> {
  return (input, options) => async () => {
    const { merchantId, ...given } = options ?? {};
    if (merchantId !== undefined && typeof merchantId !== 'string') {
      return E.left(
        validationError({
          operation: 'create',
          field: 'options.merchantId',
          message: 'options.merchantId must be a string',
        }),
      );
    }
    // One key for the whole routed create, so a keyed provider's failure can be settled by replaying it.
    const keyed: OperationOptions = { ...given, idempotencyKey: given.idempotencyKey ?? newIdempotencyKey() };
    const planned = planRoute(state, input, contextOf(state, merchantId));
    return new RoutedCreate(state, input, planned).run(given, keyed);
  };
}

/** One routed create: the attempts made so far, and how the create is reported when it ends. */
class RoutedCreate {
  private readonly attempts: RouteAttempt[] = [];
  private readonly reference: string | undefined;

  constructor(
    private readonly state: RouterState,
    private readonly input: CreatePaymentLinkInput,
    private readonly planned: RoutePlan,
  ) {
    this.reference = referenceOf(input);
  }

  async run(given: OperationOptions, keyed: OperationOptions): Promise<CreateResult> {
    const { planned, state, attempts } = this;
    if (planned.candidates.length === 0)
      return this.failed(noRouteError(planned.selection, planned.refusals));
    for (const provider of planned.candidates) {
      const permit = state.breakers.has(provider.id)
        ? state.breakers.get(provider.id)?.tryAcquire()
        : freePass;
      if (permit === undefined) {
        attempts.push({ provider: provider.id, result: 'skipped-by-breaker' });
        continue;
      }
      const callOptions = provider.capabilities.idempotency ? keyed : given;
      const result = await provider.create(this.input, callOptions)();
      if (E.isRight(result)) {
        permit.record('success');
        attempts.push({ provider: provider.id, result: 'created' });
        return this.made(provider.id, result.right);
      }
      permit.record(healthOutcome(result.left));
      const ended = await this.afterFailure(provider, callOptions, result.left);
      if (ended !== undefined) return ended;
    }
    return this.failed(exhaustedError(this.reference, attempts, state.breakers));
  }

  // The create's result when `provider`'s failure ends it; `undefined` when the next provider is tried.
  private async afterFailure(
    provider: PaymentLinkProvider,
    callOptions: OperationOptions,
    error: PaymentLinkError,
  ): Promise<CreateResult | undefined> {
    const judged = judgeCreateFailure(error);
    const verdict =
      judged.kind === 'nothing-made' && mayHideEarlierTry(error, provider)
        ? {
            kind: 'ambiguous' as const,
            why: `${judged.why}, but an earlier try of this keyed create may have reached ${provider.id}`,
          }
        : judged;
    if (verdict.kind === 'stop') {
      this.attempts.push({ provider: provider.id, result: 'stopped', error });
      return this.failed({ ...error, message: `${error.message} (not failing over: ${verdict.why})` });
    }
    if (verdict.kind === 'ambiguous') {
      const ended = await this.settle(provider, callOptions, error, verdict.why);
      if (ended !== undefined) return ended;
    }
    this.attempts.push({
      provider: provider.id,
      result: 'failed-over',
      error,
      ...(verdict.kind === 'ambiguous' ? { settled: 'absent' as const } : {}),
    });
    this.state.emit('failover', {
      from: provider.id,
      error,
      why: verdict.kind === 'ambiguous' ? `${verdict.why}; settled: no link` : verdict.why,
      ...(this.reference !== undefined ? { reference: this.reference } : {}),
    });
    return undefined;
  }

  // Settles an ambiguous failure: the link found, or an ambiguous end; `undefined` when no link was made.
  private async settle(
    provider: PaymentLinkProvider,
    callOptions: OperationOptions,
    error: PaymentLinkError,
    why: string,
  ): Promise<CreateResult | undefined> {
    const { reference } = this;
    const settled = await settleAmbiguity(this.state, provider, this.input, callOptions, error);
    this.state.emit('ambiguity', {
      provider: provider.id,
      error,
      resolution: settled.kind,
      how: settled.kind === 'unresolved' ? 'none' : settled.how,
      ...(reference !== undefined ? { reference } : {}),
    });
    if (settled.kind === 'found') {
      this.attempts.push({ provider: provider.id, result: 'created', error, settled: 'found' });
      return this.made(provider.id, settled.link);
    }
    if (settled.kind === 'absent') return undefined;
    this.attempts.push({ provider: provider.id, result: 'ambiguous', error, settled: 'unresolved' });
    this.report({ outcome: 'ambiguous', provider: provider.id });
    return E.left({
      ...error,
      provider: provider.id,
      message: `create for reference ${reference ?? '(none)'} may have made a link on ${provider.id} (${why}: ${error.message}); ${settled.notes.join('; ')}. Not failing over: reconcile with ${provider.id} before creating it again`,
      retryable: false,
    });
  }

  private report(outcome: Omit<RouteOutcome, 'attempts' | 'reference' | 'rule'>): void {
    const rule = this.planned.selection.rule?.name;
    this.state.emit('routed', {
      ...outcome,
      attempts: this.attempts,
      ...(this.reference !== undefined ? { reference: this.reference } : {}),
      ...(rule !== undefined ? { rule } : {}),
    });
  }

  private failed(error: PaymentLinkError): CreateResult {
    this.report({ outcome: 'failed' });
    return E.left(error);
  }

  private made(provider: string, link: PaymentLink): CreateResult {
    const routed = withRoutedId(provider, link);
    this.report({ outcome: 'created', provider, linkId: routed.id });
    return E.right(routed);
  }
}

function exhaustedError(
  reference: string | undefined,
  attempts: ReadonlyArray<RouteAttempt>,
  breakers: ReadonlyMap<string, CircuitBreaker>,
): PaymentLinkError {
  const summary = attempts
    .map((a) =>
      a.error !== undefined
        ? `${a.provider}: ${a.error._tag} (${a.error.message})`
        : `${a.provider}: breaker open until ${breakers.get(a.provider)?.snapshot().retryAt?.toISOString() ?? 'its probe returns'}`,
    )
    .join('; ');
  const last = [...attempts].reverse().find((a) => a.error !== undefined)?.error;
  const message = `no provider made a link for reference ${reference ?? '(none)'}, and none holds one: ${summary}`;
  if (last === undefined) {
    return providerError({ operation: 'create', message, retryable: true });
  }
  return {
    ...last,
    message,
    retryable: attempts.some((a) => a.error?.retryable === true || a.error === undefined),
  };
}
