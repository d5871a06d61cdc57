// A circuit breaker per provider: health settings, states and the transitions between them.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

import { decodeInput, type PaymentLinkError, type ValidationError } from '@paylinks/core/adapter';

/** A breaker's state: `closed` lets calls through, `open` skips the provider, `half-open` lets probes through. */
export type BreakerState = 'closed' | 'open' | 'half-open';

const Count = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 1, 'PositiveInt');
const Ratio = t.refinement(t.number, (n) => n > 0 && n <= 1, 'a ratio above 0 and at most 1');

/**
 * How each provider's circuit breaker judges health. Plain numbers, so they
 * can sit in the same JSON as the routing rules.
 *
 * - `windowSize`: outcomes remembered per provider, the most recent ones (default 20).
 * - `windowMs`: outcomes older than this are forgotten (default 60,000).
 * - `minCalls`: outcomes the window needs before its ratio counts (default 5).
 * - `failureRatio`: the breaker opens when failures / outcomes in the window reach this (default 0.5).
 * - `openMs`: how long an open breaker skips its provider before probes are let through (default 30,000).
 * - `halfOpenProbes`: creates let through at once while half-open (default 1). One successful probe
 *   closes the breaker, one failed probe opens it again.
 */
export const HealthSettings = t.partial(
  {
    windowSize: Count,
    windowMs: Count,
    minCalls: Count,
    failureRatio: Ratio,
    openMs: Count,
    halfOpenProbes: Count,
  },
  'HealthSettings',
);
/** How each provider's breaker judges health; see {@link HealthSettings}. */
export type HealthSettings = t.TypeOf<typeof HealthSettings>;

/** The defaults of {@link HealthSettings}. */
export const defaultHealthSettings: Required<HealthSettings> = {
  windowSize: 20,
  windowMs: 60_000,
  minCalls: 5,
  failureRatio: 0.5,
  openMs: 30_000,
  halfOpenProbes: 1,
};

/** Checks health settings from any source; a bad one is a `ValidationError` naming `health.<field>`. */
export function decodeHealthSettings(value: unknown): E.Either<ValidationError, Required<HealthSettings>> {
  return E.map((given: HealthSettings) => ({ ...defaultHealthSettings, ...given }))(
    decodeInput(HealthSettings, value ?? {}, 'health'),
  );
}

/**
 * What one outcome says about a provider's health. Failures are the
 * provider not coping: 5xx, no answer, 429, an answer it cannot have meant.
 * A refusal of the input or the credentials says the provider is up, but
 * nothing about its load: neutral, it neither opens nor closes a breaker.
 */
export type HealthOutcome = 'success' | 'failure' | 'neutral';

/** The {@link HealthOutcome} of a call's result (`undefined`: it succeeded). */
export function healthOutcome(error: PaymentLinkError | undefined): HealthOutcome {
  if (error === undefined) return 'success';
  switch (error._tag) {
    case 'ProviderError':
    case 'RateLimitError':
    case 'DecodeError':
      return 'failure';
    case 'NetworkError':
      // The caller's own abort says nothing about the provider.
      return error.code === 'ABORTED' ? 'neutral' : 'failure';
    default:
      return 'neutral';
  }
}

/** A breaker's state and window, as `router.health()` reads them. */
export interface BreakerSnapshot {
  readonly provider: string;
  readonly state: BreakerState;
  /** Outcomes in the window (successes and failures; neutral ones are not kept). */
  readonly calls: number;
  readonly failures: number;
  /** `failures / calls`, 0 for an empty window. */
  readonly failureRatio: number;
  /** When it last opened (while open or half-open). */
  readonly openedAt?: Date;
  /** When an open breaker lets probes through. */
  readonly retryAt?: Date;
  /** Probes in flight while half-open. */
  readonly probesInFlight: number;
  /** Transitions so far. */
  readonly transitions: number;
}

/** One change of a breaker's state, emitted as the router's `breaker` event. */
export interface BreakerTransition {
  readonly provider: string;
  readonly from: BreakerState;
  readonly to: BreakerState;
  readonly at: Date;
  /** Why, in words (`6 of 10 calls failed (ratio 0.60 >= 0.50)`, `probe succeeded`). */
  readonly reason: string;
}

/** Leave to make one create through a breaker; say how it went exactly once. */
export interface BreakerPermit {
  /** Whether this permit is a half-open probe. */
  readonly probe: boolean;
  record(outcome: HealthOutcome): void;
}

/** One provider's circuit breaker. */
export interface CircuitBreaker {
  readonly provider: string;
  /** The state now (an open breaker whose wait is over turns half-open when read). */
  snapshot(): BreakerSnapshot;
  /** A permit to create, or `undefined` while open (or half-open with every probe slot taken). */
  tryAcquire(): BreakerPermit | undefined;
  /** Records the outcome of a call that needed no permit (get, list, reconcile). */
  record(outcome: HealthOutcome): void;
}

/**
 * Builds a breaker with a failure ratio over a sliding window (the last
 * `windowSize` outcomes, none older than `windowMs`), an open period, and
 * half-open probes. No timers: time is read from `now` on every call, so a
 * manual clock drives it in tests.
 */
export function createCircuitBreaker(
  provider: string,
  settings: Required<HealthSettings>,
  now: () => Date,
  onTransition: (transition: BreakerTransition) => void,
): CircuitBreaker {
  return new SlidingWindowBreaker(provider, settings, now, onTransition);
}

/** The breaker {@link createCircuitBreaker} builds; every state change goes through {@link move}. */
class SlidingWindowBreaker implements CircuitBreaker {
  private state: BreakerState = 'closed';
  private window: Array<{ readonly at: number; readonly failed: boolean }> = [];
  private openedAt: number | undefined;
  private probes = 0;
  private transitions = 0;

  constructor(
    readonly provider: string,
    private readonly settings: Required<HealthSettings>,
    private readonly now: () => Date,
    private readonly onTransition: (transition: BreakerTransition) => void,
  ) {}

  snapshot(): BreakerSnapshot {
    this.refresh(this.now().getTime());
    const { provider, state, window, openedAt, settings } = this;
    const failures = window.filter((o) => o.failed).length;
    return {
      provider,
      state,
      calls: window.length,
      failures,
      failureRatio: window.length === 0 ? 0 : failures / window.length,
      ...(openedAt !== undefined ? { openedAt: new Date(openedAt) } : {}),
      ...(state === 'open' && openedAt !== undefined
        ? { retryAt: new Date(openedAt + settings.openMs) }
        : {}),
      probesInFlight: this.probes,
      transitions: this.transitions,
    };
  }

  tryAcquire(): BreakerPermit | undefined {
    this.refresh(this.now().getTime());
    if (this.state === 'open') return undefined;
    const probe = this.state === 'half-open';
    if (probe) {
      if (this.probes >= this.settings.halfOpenProbes) return undefined;
      this.probes += 1;
    }
    let done = false;
    return {
      probe,
      record: (outcome) => {
        if (done) return;
        done = true;
        this.settle(outcome, probe);
      },
    };
  }

  record(outcome: HealthOutcome): void {
    this.settle(outcome, false);
  }

  private settle(outcome: HealthOutcome, probe: boolean): void {
    const at = this.now().getTime();
    this.refresh(at);
    this.apply(outcome, at, probe);
  }

  private move(to: BreakerState, at: number, reason: string): void {
    const from = this.state;
    this.state = to;
    this.transitions += 1;
    if (to === 'open') this.openedAt = at;
    if (to === 'closed') this.openedAt = undefined;
    if (to !== 'half-open') this.probes = 0;
    this.window = [];
    this.onTransition({ provider: this.provider, from, to, at: new Date(at), reason });
  }

  private refresh(at: number): void {
    const { settings } = this;
    this.window = this.window.filter((o) => at - o.at < settings.windowMs).slice(-settings.windowSize);
    if (this.state === 'open' && this.openedAt !== undefined && at >= this.openedAt + settings.openMs) {
      this.move(
        'half-open',
        at,
        `open for ${settings.openMs} ms: letting ${settings.halfOpenProbes} probe(s) through`,
      );
    }
  }

  private apply(outcome: HealthOutcome, at: number, probe: boolean): void {
    if (probe) this.probes = Math.max(0, this.probes - 1);
    if (outcome === 'neutral') return;
    if (this.state === 'half-open') {
      if (outcome === 'success') this.move('closed', at, 'a call succeeded while half-open');
      else this.move('open', at, 'a call failed while half-open');
      return;
    }
    // Outcomes of calls that started before the breaker opened say nothing new.
    if (this.state === 'open') return;
    const { settings } = this;
    this.window.push({ at, failed: outcome === 'failure' });
    this.window = this.window.slice(-settings.windowSize);
    const failures = this.window.filter((o) => o.failed).length;
    const ratio = failures / this.window.length;
    if (this.window.length >= settings.minCalls && ratio >= settings.failureRatio) {
      this.move(
        'open',
        at,
        `${failures} of ${this.window.length} calls failed (ratio ${ratio.toFixed(2)} >= ${settings.failureRatio.toFixed(2)})`,
      );
    }
  }
}
