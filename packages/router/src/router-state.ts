// A router's state: its providers, checked rules, breakers and event listeners.
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';

import {
  type PaymentLinkError,
  ListenerTable,
  listenerWarning,
  type PaymentLinkProvider,
} from '@paylinks/core/adapter';

import {
  createCircuitBreaker,
  healthOutcome,
  type CircuitBreaker,
  type HealthSettings,
} from './circuit-breaker.js';
import type { RouterEvents, RouterOptions } from './router-types.js';
import type { RouteContext } from './match-route-rule.js';
import { routerEligibility, type CreateCheck } from './router-eligibility.js';
import type { RoutingConfig } from './routing-rules.js';

/**
 * What every path of a router (create, explain, the calls by link id,
 * webhooks, health) shares: its decoded settings, its providers and their
 * breakers, and its listeners. Built once by {@link createRouterState}.
 */
export interface RouterState {
  readonly options: RouterOptions;
  readonly providers: ReadonlyArray<PaymentLinkProvider>;
  readonly ids: ReadonlyArray<string>;
  readonly byId: ReadonlyMap<string, PaymentLinkProvider>;
  readonly config: RoutingConfig;
  /** Breaker settings; `undefined` with `health: false`. */
  readonly health: Required<HealthSettings> | undefined;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly check: CreateCheck;
  readonly settleMs: number;
  readonly keyedRetries: number;
  /** One per provider; empty with `health: false`. */
  readonly breakers: ReadonlyMap<string, CircuitBreaker>;
  /** Listeners by event: an unknown name (`__proto__` included) is a `TypeError`, never a prototype member. */
  readonly listeners: ListenerTable<RouterEvents>;
  emit<K extends keyof RouterEvents>(event: K, payload: RouterEvents[K]): void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The state of a router over `providers`, from its checked configuration. */
export function createRouterState(
  options: RouterOptions,
  providers: ReadonlyArray<PaymentLinkProvider>,
  config: RoutingConfig,
  health: Required<HealthSettings> | undefined,
): RouterState {
  const now = options.now ?? (() => new Date());
  const listeners = new ListenerTable<RouterEvents>('router', ['routed', 'failover', 'ambiguity', 'breaker']);
  // A listener that throws or rejects becomes a warning: it never changes the outcome of a payment call.
  const emit = <K extends keyof RouterEvents>(event: K, payload: RouterEvents[K]) =>
    listeners.emit(event, payload, listenerWarning);
  const breakers = new Map<string, CircuitBreaker>(
    health === undefined
      ? []
      : providers.map((p) => [p.id, createCircuitBreaker(p.id, health, now, (t) => emit('breaker', t))]),
  );
  return {
    options,
    providers,
    ids: providers.map((p) => p.id),
    byId: new Map(providers.map((p) => [p.id, p])),
    config,
    health,
    now,
    sleep: options.sleep ?? defaultSleep,
    check: options.check ?? routerEligibility(now),
    settleMs: options.ambiguity?.settleMs ?? 2_000,
    keyedRetries: options.ambiguity?.keyedRetries ?? 2,
    breakers,
    listeners,
    emit,
  };
}

/** `task`, with its outcome recorded on the provider's breaker. */
export function tracked<A>(
  state: RouterState,
  provider: string,
  task: TE.TaskEither<PaymentLinkError, A>,
): TE.TaskEither<PaymentLinkError, A> {
  return async () => {
    const result = await task();
    state.breakers.get(provider)?.record(healthOutcome(E.isLeft(result) ? result.left : undefined));
    return result;
  };
}

/** What rules match on besides the input: the time now and the merchant. */
export function contextOf(state: RouterState, merchantId: string | undefined): RouteContext {
  return { now: state.now(), ...(merchantId !== undefined ? { merchantId } : {}) };
}

/** The input's `reference`, when it has a string one (the input may not be checked yet). */
export function referenceOf(input: unknown): string | undefined {
  const reference = (input as { reference?: unknown } | null | undefined)?.reference;
  return typeof reference === 'string' ? reference : undefined;
}
