// The router's public types: its options, the events it emits and what a routed create reports.

import type * as TE from 'fp-ts/lib/TaskEither.js';

import type { PaymentLinks, PaymentLinksTE } from '@paylinks/core';
import type {
  PaymentLinkError,
  CreatePaymentLinkInput,
  PaymentLink,
  OperationOptions,
  PaymentLinkProvider,
} from '@paylinks/core/adapter';

import type { BreakerSnapshot, BreakerTransition, HealthSettings } from './circuit-breaker.js';
import type { RuleVerdict } from './match-route-rule.js';
import type { CreateCheck } from './router-eligibility.js';
import type { ProviderOrder, RouteRule } from './routing-rules.js';

/** Per-call options of a routed create: the usual ones, plus what rules may match on. */
export interface RouteOptions extends OperationOptions {
  /** The merchant the link is for (rules' `merchant` condition). Not sent to any provider. */
  readonly merchantId?: string;
}

/** What `explain` and rules read besides the input. */
export interface ExplainContext {
  /** The merchant the link is for (rules' `merchant` condition). */
  readonly merchantId?: string;
}

/** How the router settles an ambiguous create before deciding anything. */
export interface AmbiguitySettings {
  /**
   * Milliseconds to wait after an ambiguous failure before reconciling
   * (default 2,000): a request the router gave up on may still be at work
   * at the provider, and a reconcile that runs before it lands would say
   * "no link". Set it above the longest the provider may take to act on a
   * request: the request may have reached it only as the timeout fired.
   */
  readonly settleMs?: number;
  /** Replays of the create with the failed call's idempotency key, on providers that take keys (default 2). */
  readonly keyedRetries?: number;
}

/** Settings of {@link createRouter}. */
export interface RouterOptions {
  /** The providers to route between (ids must be distinct and contain no `:`). */
  readonly providers: ReadonlyArray<PaymentLinkProvider>;
  /** Routing rules (JSON data, see {@link RouteRule}); the first that matches an input decides. */
  readonly rules: ReadonlyArray<RouteRule>;
  /** Providers to try, in order, when no rule matches; without it such an input is a `ValidationError`. */
  readonly fallback?: ProviderOrder;
  /** Circuit-breaker settings (see {@link HealthSettings}); `false` turns the breakers off. */
  readonly health?: HealthSettings | false;
  /**
   * Whether a provider can take an input, checked before it is tried; a
   * refusal skips it and is kept for the error if no provider can. Default:
   * core's input checks and the provider's capability flags.
   */
  readonly check?: CreateCheck;
  /** The clock of breakers and expiry conditions (default the system clock). */
  readonly now?: () => Date;
  /**
   * The provider holding a link whose id is not a router id
   * (`<provider>:<id>`), such as ids stored before routing; `undefined`
   * when unknown.
   */
  readonly ownerOf?: (id: string) => string | undefined;
  /** How an ambiguous create is settled (see {@link AmbiguitySettings}). */
  readonly ambiguity?: AmbiguitySettings;
  /** Waits (tests inject a fake); default `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Why a provider is not in a route's order. */
export interface SkippedProvider {
  readonly provider: string;
  /**
   * `not-in-route`: the matching rule (or the fallback) does not list it;
   * `cannot-take-input`: it refuses the input (`issues` say why);
   * `breaker-open`: its breaker is open (until `retryAt`) or its half-open probes are taken.
   */
  readonly reason: 'not-in-route' | 'cannot-take-input' | 'breaker-open';
  /** The reason in words. */
  readonly detail: string;
  readonly issues?: ReadonlyArray<{ readonly field: string; readonly message: string }>;
  readonly retryAt?: Date;
}

/** What `router.explain(input)` answers: the order a create would try now, and why the rest are left out. */
export interface RouteExplanation {
  /** `rule`: a rule matched; `fallback`: none did and the fallback applies; `none`: neither. */
  readonly source: 'rule' | 'fallback' | 'none';
  /** The matching rule's name. */
  readonly rule?: string;
  /** Providers a create would try now, in order. */
  readonly order: ReadonlyArray<string>;
  /** Every other provider of the router, with the reason. */
  readonly skipped: ReadonlyArray<SkippedProvider>;
  /** Each rule looked at, and why it did not match. */
  readonly rules: ReadonlyArray<RuleVerdict>;
}

/** One provider tried (or passed over) by a routed create. */
export interface RouteAttempt {
  readonly provider: string;
  /**
   * `created`: it holds the link; `failed-over`: it certainly made nothing, the next one was tried;
   * `ambiguous`: it may hold the link, nothing more was tried; `stopped`: it answered something that
   * forbids failing over; `skipped-by-breaker`: its breaker was open when its turn came.
   */
  readonly result: 'created' | 'failed-over' | 'ambiguous' | 'stopped' | 'skipped-by-breaker';
  readonly error?: PaymentLinkError;
  /** How an ambiguous failure was settled. */
  readonly settled?: AmbiguityEvent['resolution'];
}

/** The `routed` event: how one create ended. */
export interface RouteOutcome {
  readonly reference?: string;
  /** The matching rule's name (absent for the fallback). */
  readonly rule?: string;
  /** `created`: exactly one link exists; `ambiguous`: `provider` may hold one; `failed`: none was made. */
  readonly outcome: 'created' | 'ambiguous' | 'failed';
  /** The provider holding the link (created) or that may hold it (ambiguous). */
  readonly provider?: string;
  /** The router id of the link made. */
  readonly linkId?: string;
  readonly attempts: ReadonlyArray<RouteAttempt>;
}

/** The `failover` event: a provider certainly made nothing, the next one is tried. */
export interface FailoverEvent {
  readonly reference?: string;
  readonly from: string;
  readonly error: PaymentLinkError;
  readonly why: string;
}

/** The `ambiguity` event: a create may have made a link, and how that was settled. */
export interface AmbiguityEvent {
  readonly reference?: string;
  readonly provider: string;
  readonly error: PaymentLinkError;
  /**
   * `found`: the link exists and is the create's result; `absent`: reconcile says none was made;
   * `unresolved`: neither could be established, the create stops here.
   */
  readonly resolution: 'found' | 'absent' | 'unresolved';
  readonly how: 'reconcile' | 'idempotency-key' | 'none';
}

/** The router's events and what each carries. */
export interface RouterEvents {
  readonly routed: RouteOutcome;
  readonly failover: FailoverEvent;
  readonly ambiguity: AmbiguityEvent;
  readonly breaker: BreakerTransition;
}

/** The TaskEither face of a {@link Router}: `create` takes {@link RouteOptions}. */
export interface RouterTE extends PaymentLinksTE {
  create(input: CreatePaymentLinkInput, options?: RouteOptions): TE.TaskEither<PaymentLinkError, PaymentLink>;
}

/**
 * A client over several providers: the {@link PaymentLinks} API, where
 * `create` picks the provider by the rules and fails over only when a failed
 * create certainly made nothing, and every other operation goes to the
 * provider that holds the link. Link ids are `<provider>:<provider's id>`.
 */
export interface Router extends Omit<PaymentLinks, 'on' | 'off'> {
  /** The TaskEither API. */
  readonly te: RouterTE;
  /** Creates a link on the first provider of the route that takes it; see {@link RouteOptions}. */
  create(input: CreatePaymentLinkInput, options?: RouteOptions): Promise<PaymentLink>;
  /** The route a create would take now, and why each other provider is skipped. Sends nothing. */
  explain(input: unknown, context?: ExplainContext): RouteExplanation;
  /** Each provider's breaker, by provider id (empty with `health: false`). */
  health(): Readonly<Record<string, BreakerSnapshot>>;
  /**
   * Subscribes to an event; answers the function that unsubscribes. A
   * listener that throws, or is `async` and rejects, is reported as a
   * process warning (`PAYLINKS_LISTENER`) and changes nothing; an unknown
   * event name (`__proto__` included) is a `TypeError`.
   */
  on<K extends keyof RouterEvents>(event: K, listener: (payload: RouterEvents[K]) => void): () => void;
  /** The providers routed between. */
  readonly providers: ReadonlyArray<PaymentLinkProvider>;
}
