import {
  type CreatePaymentLinkInput,
  isPaymentLinkError,
  type PaymentLink,
  type PaymentLinkError,
  type PaymentLinkErrorTag,
  type PaymentLinks,
} from '@paylinks/core';
import { newIdempotencyKey } from '@paylinks/core/adapter';
import type { FaultQueue, ProviderSimulator, SimulatorFault } from '@paylinks/testing';
import * as E from 'fp-ts/lib/Either.js';

import {
  delayMs,
  faultName,
  faultRunSettings,
  predict,
  answeredTries,
  sameAnswers,
  unplannedTimeout,
  unplannedTimeoutVariants,
  withUnplannedTimeouts,
  type Prediction,
  type RequestShape,
} from './fault-model.js';
import { LeakAudit } from './leak-audit.js';
import { seeded, type Prng } from './prng.js';
import { Tally, type ProviderId } from './results.js';

/** Operations a fault run mixes (each adapter runs those its capabilities have). */
export type OpKind =
  'create' | 'get' | 'get-missing' | 'list' | 'activate' | 'delete' | 'cancel' | 'reconcile';

/** What the simulator itself says, read without the API (no faults, not counted). */
export interface SimTruth {
  /** Ids of the links the simulator made for a merchant reference. */
  idsFor(reference: string): ReadonlyArray<string>;
  /** A link's raw status, `deleted` once deleted, undefined when unknown. */
  status(id: string): string | undefined;
}

/** One adapter's part in a fault run. */
export interface FaultDriver {
  readonly provider: ProviderId;
  readonly sim: ProviderSimulator;
  readonly client: PaymentLinks;
  /** Weights of the operations to mix. */
  readonly ops: Partial<Record<OpKind, number>>;
  /** A create input for a merchant reference. */
  createInput(reference: string): CreatePaymentLinkInput;
  /** Whether creates carry an idempotency key (retries are then safe). */
  readonly idempotentCreates: boolean;
  /**
   * After an ambiguous create: does a link exist for the reference? Through the
   * API where the provider allows it (`client.reconcile`), else out of band.
   */
  readonly reconcile?: {
    readonly how: string;
    /** The id of the link made for the reference, or undefined when none was. */
    find(reference: string): Promise<E.Either<PaymentLinkError, string | undefined>>;
  };
  readonly truth: SimTruth;
  /** HSA: faults applied after the request was processed. */
  readonly faultsAfterProcessing?: FaultQueue;
  /** The status a link of this provider has right after create. */
  readonly createdStatus: string;
  /** Raw statuses `activate` accepts (Conomy), `delete` accepts, `cancel` accepts. */
  readonly activatable?: ReadonlyArray<string>;
  readonly deletable?: ReadonlyArray<string>;
  readonly cancellable?: ReadonlyArray<string>;
}

interface Plan {
  readonly label: string;
  readonly faults: ReadonlyArray<SimulatorFault>;
  /** True: the faults hit after processing (HSA's second queue). */
  readonly after: boolean;
}

const fiveHundreds = [500, 502, 503, 504] as const;

function choosePlan(
  rng: Prng,
  o: { allowDelay: boolean; allowAfter: boolean; allowForbidden: boolean },
): Plan {
  const status = (): SimulatorFault => ({ kind: 'status', status: rng.pick(fiveHundreds) });
  const shortRateLimit = (): SimulatorFault =>
    rng.pick<SimulatorFault>([
      { kind: 'status', status: 429, retryAfterSeconds: 0 },
      { kind: 'status', status: 429, retryAfterSeconds: 0.02 },
      { kind: 'status', status: 429 },
    ]);
  const repeat = (n: number, make: () => SimulatorFault) => Array.from({ length: n }, make);
  const kind = rng.weighted({
    none: 40,
    burst5xx: 14,
    rateLimit: 9,
    rateLimitLong: 3,
    timeout: o.allowDelay ? 3 : 0,
    drop: 8,
    dropAfter: 8,
    malformed: 3,
    forbidden: o.allowForbidden ? 2 : 0,
    mixed: 5,
    after: o.allowAfter ? 8 : 0,
  });
  switch (kind) {
    case 'none':
      return { label: kind, faults: [], after: false };
    case 'burst5xx':
      return { label: kind, faults: repeat(rng.int(1, 4), status), after: false };
    case 'rateLimit':
      return { label: kind, faults: repeat(rng.int(1, 2), shortRateLimit), after: false };
    case 'rateLimitLong':
      return { label: kind, faults: [{ kind: 'status', status: 429, retryAfterSeconds: 5 }], after: false };
    case 'timeout':
      return {
        label: kind,
        faults: repeat(rng.int(1, 2), () => ({ kind: 'delay', ms: delayMs })),
        after: false,
      };
    case 'drop':
      return { label: kind, faults: repeat(rng.int(1, 3), () => ({ kind: 'drop' })), after: false };
    case 'dropAfter':
      return { label: kind, faults: repeat(rng.int(1, 3), () => ({ kind: 'drop-after' })), after: false };
    case 'malformed':
      return { label: kind, faults: [{ kind: 'malformed' }], after: false };
    case 'forbidden':
      return { label: kind, faults: [{ kind: 'status', status: 403 }], after: false };
    case 'mixed': {
      const parts: Array<() => SimulatorFault> = [
        status,
        shortRateLimit,
        () => ({ kind: 'drop' }),
        () => ({ kind: 'drop-after' }),
        ...(o.allowDelay ? [(): SimulatorFault => ({ kind: 'delay', ms: delayMs })] : []),
      ];
      return { label: kind, faults: repeat(rng.int(2, 4), () => rng.pick(parts)()), after: false };
    }
    case 'after': {
      const parts: SimulatorFault[] = [
        { kind: 'status', status: 503 },
        { kind: 'malformed' },
        ...(o.allowDelay ? [{ kind: 'delay', ms: delayMs } as const, { kind: 'drop' } as const] : []),
      ];
      return { label: kind, faults: repeat(rng.int(1, 3), () => rng.pick(parts)), after: true };
    }
  }
}

/** Longest a call may take: every try timing out, every backoff at its cap, plus slack. */
export function callBudgetMs(calls: number): number {
  const { maxRetries, maxDelayMs } = faultRunSettings.retry;
  return calls * ((maxRetries + 1) * faultRunSettings.timeoutMs + maxRetries * maxDelayMs) + 1_000;
}

/** Figures of one run, written to results.json. */
export interface FaultRunFigures {
  readonly seed: number;
  readonly operations: number;
  readonly operationsByKind: Record<string, number>;
  readonly clientCalls: number;
  readonly apiRequests: number;
  readonly faultPlans: Record<string, number>;
  readonly msByFaultPlan: Record<string, number>;
  readonly faultsInjected: Record<string, number>;
  readonly faultsInjectedTotal: number;
  readonly faultsApplied: number;
  readonly outcomes: Record<string, number>;
  readonly readsSucceeded: number;
  readonly readsTypedErrors: number;
  readonly untypedFailures: number;
  readonly predictionMismatches: number;
  /** Outcomes only explained by timeouts nobody injected (a busy machine); bounded by the test. */
  readonly unplannedTimeouts: number;
  readonly watchdogBreaches: number;
  readonly slowestCallMs: number;
  /** The slowest operation without faults: how far loopback latency stays from the 250 ms timeout. */
  readonly slowestUnfaultedOperationMs: number;
  readonly links: {
    readonly intended: number;
    readonly created: number;
    readonly referencesWithOneLink: number;
    readonly referencesWithMoreThanOne: number;
    readonly referencesWithNone: number;
  };
  readonly creates: {
    readonly logical: number;
    readonly attempts: number;
    readonly ambiguous: number;
    readonly reconciledFound: number;
    readonly reconciledAbsentThenRetried: number;
    readonly reconcileHow: string;
    readonly retriedWithSameKey: number;
    readonly idempotentReplays?: number;
  };
  readonly leaksChecked: number;
  readonly leaks: number;
  readonly durationMs: number;
}

/** The result of a run: figures, and every problem found (empty when the run is clean). */
export interface FaultRunResult {
  readonly figures: FaultRunFigures;
  readonly problems: ReadonlyArray<string>;
  readonly audit: LeakAudit;
}

interface KnownLink {
  readonly id: string;
  readonly reference: string;
}

/**
 * Runs `operations` seeded operations against a simulator, each behind a
 * fault plan (none, 5xx bursts, 429 with Retry-After, timeouts, dropped
 * connections before and after processing, malformed answers, 403), and
 * checks each outcome against what the boundary's policy predicts. Creates
 * are logical: retried until they succeed, with one idempotency key where the
 * provider has them and a reconcile step after an ambiguous outcome where it
 * has not, so the links created must equal the creates intended.
 */
export async function runFaults(
  driver: FaultDriver,
  o: { seed: number; operations: number },
): Promise<FaultRunResult> {
  const started = Date.now();
  const rng = seeded(o.seed);
  const { sim, client, truth } = driver;
  const audit = new LeakAudit();
  const problems: string[] = [];
  const opsByKind = new Tally();
  const plans = new Tally();
  const injected = new Tally();
  const outcomes = new Tally();
  const planTime = new Tally();
  const links: KnownLink[] = [];
  const references: string[] = [];
  let clientCalls = 0;
  let breaches = 0;
  let slowest = 0;
  let slowestUnfaulted = 0;
  let readsOk = 0;
  let readsTyped = 0;
  let untyped = 0;
  let mismatches = 0;
  let unplannedTimeouts = 0;
  const creates = { logical: 0, attempts: 0, ambiguous: 0, found: 0, absentRetried: 0, sameKeyRetries: 0 };
  // The tries of the current operation, as the client's events tell them: whether each got an HTTP
  // answer, and how long an unanswered one waited; and how many HTTP calls the operation made.
  const tries: Array<{ answered: boolean; startedAt: number; waitedMs?: number }> = [];
  let httpCalls = 0;
  const tryEnded = () => {
    const last = tries[tries.length - 1];
    if (last !== undefined && !last.answered) last.waitedMs ??= performance.now() - last.startedAt;
  };
  client.on('request', (event) => {
    if (event.attempt === 1) httpCalls += 1;
    tries.push({ answered: false, startedAt: performance.now() });
  });
  client.on('response', () => {
    const last = tries[tries.length - 1];
    if (last !== undefined) last.answered = true;
  });
  client.on('retry', tryEnded);
  client.on('error', tryEnded);
  // Nothing sent before the run (the warm-up) may land during it.
  await sim.quiesce();
  const createdBefore = sim.stats().linksCreated;
  const appliedBefore = sim.faults.appliedCount();

  /** Runs one client call under a watchdog; a breach is recorded and the call abandoned. */
  const call = async <A>(
    label: string,
    run: () => Promise<E.Either<PaymentLinkError, A>>,
    calls = 1,
  ): Promise<E.Either<PaymentLinkError, A> | 'breach'> => {
    clientCalls += 1;
    tries.length = 0;
    httpCalls = 0;
    const budget = callBudgetMs(calls);
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      run().then(
        (r) => r,
        (thrown: unknown) => {
          untyped += 1;
          problems.push(`${label}: rejected instead of returning an error value: ${String(thrown)}`);
          return 'thrown' as const;
        },
      ),
      new Promise<'breach'>((resolve) => {
        timer = setTimeout(() => resolve('breach'), budget);
      }),
    ]);
    clearTimeout(timer);
    slowest = Math.max(slowest, Date.now() - t0);
    if (outcome === 'breach') {
      breaches += 1;
      problems.push(`${label}: no answer within ${budget} ms`);
      return 'breach';
    }
    if (outcome === 'thrown') return 'breach';
    if (E.isLeft(outcome)) {
      if (!isPaymentLinkError(outcome.left)) {
        untyped += 1;
        problems.push(`${label}: not a PaymentLinkError: ${JSON.stringify(outcome.left)}`);
      }
      audit.error(label, outcome.left);
      outcomes.add(
        `${outcome.left._tag}${outcome.left._tag === 'NetworkError' && outcome.left.ambiguous ? ' (ambiguous)' : ''}`,
      );
    } else outcomes.add('ok');
    return outcome;
  };

  const inject = (plan: Plan) => {
    plans.add(plan.label);
    const queue = plan.after ? driver.faultsAfterProcessing : sim.faults;
    if (queue === undefined) throw new Error(`${driver.provider} has no after-processing fault queue`);
    for (const fault of plan.faults) {
      queue.inject(fault);
      injected.add(`${plan.after ? 'after processing: ' : ''}${faultName(fault)}`);
    }
  };
  const clearFaults = () => {
    sim.faults.clear();
    driver.faultsAfterProcessing?.clear();
  };
  /**
   * After an operation with a try that got no answer (a timeout, a dropped
   * connection), waits until nothing it sent can still land: a request the
   * client gave up on may be unread, or held by a delay fault, and would
   * otherwise change state after the truth is read or take a fault injected
   * for the next operation. Asked of the simulator, not guessed from timings.
   */
  const settle = async (always = false) => {
    if (always || tries.some((t) => !t.answered)) await sim.quiesce();
  };

  /** What an operation's base answer is (without faults), given the faults its tries met. */
  type Base =
    | 'ok'
    | PaymentLinkErrorTag
    | ((faults: ReadonlyArray<SimulatorFault>, p: Prediction) => 'ok' | PaymentLinkErrorTag);
  const matches = (
    actual: E.Either<PaymentLinkError, unknown>,
    prediction: Prediction,
    base: 'ok' | PaymentLinkErrorTag,
  ) => {
    const expected = prediction.kind === 'answer' ? base : prediction.tag;
    const got = E.isRight(actual) ? 'ok' : actual.left._tag;
    const ambiguousOk =
      prediction.kind !== 'error' ||
      E.isRight(actual) ||
      actual.left._tag !== 'NetworkError' ||
      actual.left.ambiguous === prediction.ambiguous;
    return got === expected && ambiguousOk;
  };
  /**
   * Compares an outcome with what the plan predicts. One that only the plan
   * plus unplanned timeouts explains is counted apart (the machine was busy);
   * anything else is a mismatch.
   */
  const check = (
    label: string,
    actual: E.Either<PaymentLinkError, unknown> | 'breach',
    faults: ReadonlyArray<SimulatorFault>,
    shape: RequestShape,
    base: Base,
  ) => {
    if (actual === 'breach') return;
    const baseFor = (f: ReadonlyArray<SimulatorFault>, p: Prediction) =>
      typeof base === 'function' ? base(f, p) : base;
    const prediction = predict(faults, shape);
    if (matches(actual, prediction, baseFor(faults, prediction))) return;
    // One HTTP call: the variants that line up with which of its tries got an answer, however many
    // timeouts that takes; each unplanned one must have waited the whole per-try timeout (a deadline that
    // fired early is a defect, not a busy machine). Several calls: their outcome, up to two timeouts.
    const answered = tries.map((t) => t.answered);
    const variants =
      httpCalls === 1 ? unplannedTimeoutVariants(faults, answered) : withUnplannedTimeouts(faults);
    const fitting = variants.filter((variant) => {
      const p = predict(variant, shape);
      if (httpCalls === 1 && !sameAnswers(answeredTries(variant, p), answered)) return false;
      return matches(actual, p, baseFor(variant, p));
    });
    const waitedWhole = (variant: ReadonlyArray<SimulatorFault>) =>
      httpCalls !== 1 ||
      tries.every(
        (t, i) => variant[i] !== unplannedTimeout || (t.waitedMs ?? 0) >= faultRunSettings.timeoutMs,
      );
    const explaining = fitting.find(waitedWhole);
    if (explaining === undefined && fitting.length > 0) {
      mismatches += 1;
      const waits = tries.map((t) => (t.answered ? 'answered' : `${(t.waitedMs ?? 0).toFixed(0)} ms`));
      problems.push(
        `${label}: only timeouts explain it, but a try gave up before the ${faultRunSettings.timeoutMs} ms timeout (tries: ${waits.join(', ')})`,
      );
      return;
    }
    const explained = explaining !== undefined;
    if (explained) {
      unplannedTimeouts += 1;
      return;
    }
    mismatches += 1;
    const expected = prediction.kind === 'answer' ? baseFor(faults, prediction) : prediction.tag;
    problems.push(
      `${label}: expected ${expected}${prediction.kind === 'error' && prediction.tag === 'NetworkError' ? ` (ambiguous ${prediction.ambiguous})` : ''}, got ${E.isRight(actual) ? 'ok' : actual.left._tag}${
        E.isLeft(actual) ? `: ${actual.left.message}` : ''
      } (tries: ${tries.map((t) => (t.answered ? 'answered' : `no answer after ${(t.waitedMs ?? 0).toFixed(0)} ms`)).join(', ')})`,
    );
  };

  const readShape = { mayRetry: true, postWithoutKey: false };
  const read = (label: string, result: E.Either<PaymentLinkError, unknown> | 'breach') => {
    if (result === 'breach') return;
    if (E.isRight(result)) readsOk += 1;
    else if (isPaymentLinkError(result.left)) readsTyped += 1;
  };
  const pickLink = () => rng.pick(links);

  // --- one logical create --------------------------------------------------
  const create = async (n: number, plan: Plan) => {
    const reference = `${driver.provider}-rel-${o.seed}-${n}`;
    const input = driver.createInput(reference);
    const key = driver.idempotentCreates ? newIdempotencyKey() : undefined;
    creates.logical += 1;
    references.push(reference);
    inject(plan);
    for (let attempt = 1; ; attempt++) {
      creates.attempts += 1;
      if (attempt > 1 && key !== undefined) creates.sameKeyRetries += 1;
      const label = `create ${reference} attempt ${attempt} (${plan.label}: ${plan.faults.map(faultName).join(', ')})`;
      const result = await call(label, () =>
        client.te.create(input, key !== undefined ? { idempotencyKey: key } : {})(),
      );
      if (attempt === 1) {
        clearFaults();
        check(
          label,
          result,
          plan.faults,
          { mayRetry: key !== undefined, postWithoutKey: key === undefined, keyedPost: key !== undefined },
          'ok',
        );
      }
      if (result === 'breach') return;
      if (E.isRight(result)) {
        links.push({ id: result.right.id, reference });
        await settle();
        return;
      }
      const error = result.left;
      // With a key, an ambiguous outcome is settled by retrying with that same key (below).
      const ambiguous =
        (error._tag === 'NetworkError' || error._tag === 'ProviderError') && error.ambiguous === true;
      if (ambiguous && key === undefined) {
        creates.ambiguous += 1;
        if (driver.reconcile === undefined) {
          problems.push(`${label}: ambiguous, and ${driver.provider} has no way to reconcile`);
          return;
        }
        // Whatever made the outcome ambiguous (a planned delay, or the machine), let the request land first.
        await settle(true);
        const found = await call(`reconcile ${reference}`, () => driver.reconcile!.find(reference), 8);
        if (found === 'breach') return;
        if (E.isLeft(found)) {
          problems.push(`reconcile ${reference} failed: ${found.left.message}`);
          return;
        }
        if (found.right !== undefined) {
          creates.found += 1;
          links.push({ id: found.right, reference });
          return;
        }
        creates.absentRetried += 1;
        continue;
      }
      // Without a key, only an answer that proves nothing was made may be retried (5xx, 429, malformed refused
      // before processing); with a key, anything may be retried: the provider replays the first answer.
      const retryable = key !== undefined || error.retryable || error._tag === 'DecodeError';
      if (!retryable || attempt >= 6) {
        problems.push(`${label}: gave up on ${error._tag}: ${error.message}`);
        return;
      }
      await settle();
    }
  };

  // --- the run ----------------------------------------------------------------
  for (let n = 0; n < o.operations; n++) {
    const kind: OpKind = links.length < 3 ? 'create' : rng.weighted(driver.ops as Record<OpKind, number>);
    opsByKind.add(kind);
    const plan = choosePlan(rng, {
      allowDelay: kind !== 'delete',
      allowAfter: driver.faultsAfterProcessing !== undefined && kind !== 'reconcile' && kind !== 'list',
      // A 403 is a standing refusal: a logical create meeting one would rightly give up.
      allowForbidden: kind !== 'create',
    });
    const t0 = Date.now();
    if (kind === 'create') {
      await create(n, plan);
      planTime.add(plan.label, Date.now() - t0);
      if (plan.faults.length === 0) slowestUnfaulted = Math.max(slowestUnfaulted, Date.now() - t0);
      continue;
    }
    const label = `${kind} #${n} (${plan.label}${plan.after ? ' after processing' : ''}: ${plan.faults.map(faultName).join(', ')})`;
    switch (kind) {
      case 'get': {
        const link = pickLink();
        const before = truth.status(link.id);
        inject(plan);
        const result = await call(label, () => client.te.get(link.id)());
        check(label, result, plan.faults, readShape, before === 'deleted' ? 'NotFoundError' : 'ok');
        if (result !== 'breach' && E.isRight(result) && result.right.reference !== link.reference)
          problems.push(`${label}: got reference ${result.right.reference}, expected ${link.reference}`);
        read(label, result);
        break;
      }
      case 'get-missing': {
        inject(plan);
        const result = await call(label, () => client.te.get(`missing-${n}`)());
        check(label, result, plan.faults, readShape, 'NotFoundError');
        read(label, result);
        break;
      }
      case 'list': {
        inject(plan);
        const result = await call(label, () => client.te.listPage({ limit: 10 })());
        check(label, result, plan.faults, readShape, 'ok');
        read(label, result);
        break;
      }
      case 'reconcile': {
        const link = pickLink();
        const deleted = truth.status(link.id) === 'deleted';
        inject(plan);
        const result = await call(label, () => client.te.reconcile(link.reference)(), 8);
        check(label, result, plan.faults, readShape, 'ok');
        if (result !== 'breach' && E.isRight(result)) {
          const found: PaymentLink | undefined = result.right;
          if (deleted ? found !== undefined : found?.id !== link.id)
            problems.push(
              `${label}: reconcile(${link.reference}) found ${found?.id ?? 'nothing'}, expected ${deleted ? 'nothing' : link.id}`,
            );
        }
        read(label, result);
        break;
      }
      case 'activate': {
        const link = pickLink();
        const before = truth.status(link.id) ?? 'unknown';
        inject(plan);
        const result = await call(label, () => client.te.activate(link.id)());
        const base =
          before === 'deleted'
            ? 'NotFoundError'
            : driver.activatable?.includes(before)
              ? 'ok'
              : 'ConflictError';
        // Conomy's activate is marked retryable: activating an active link changes nothing.
        check(label, result, plan.faults, readShape, base);
        break;
      }
      case 'delete': {
        const link = pickLink();
        const before = truth.status(link.id) ?? 'unknown';
        inject(plan);
        const result = await call(label, () => client.te.delete(link.id)());
        const base =
          before === 'deleted'
            ? 'NotFoundError'
            : driver.deletable?.includes(before)
              ? 'ok'
              : 'ConflictError';
        // DELETE is idempotent in the boundary: a 404 after a try whose answer was lost (a network fault)
        // means the link is gone, which is what was asked: the answer is success.
        check(label, result, plan.faults, readShape, (faults, prediction) => {
          const answering = prediction.kind === 'answer' ? prediction.tries - 1 : prediction.tries;
          const lostEarlier = faults
            .slice(0, answering)
            .some((f) => f.kind === 'drop' || f.kind === 'drop-after' || f.kind === 'delay');
          return lostEarlier && (base === 'ok' || base === 'NotFoundError') ? 'ok' : base;
        });
        break;
      }
      case 'cancel': {
        const link = pickLink();
        const before = truth.status(link.id) ?? 'unknown';
        inject(plan);
        const result = await call(label, () => client.te.cancel(link.id, 'reliability run')());
        const base = driver.cancellable?.includes(before) ? 'ok' : 'ConflictError';
        check(label, result, plan.faults, { mayRetry: true, postWithoutKey: false, keyedPost: true }, base);
        break;
      }
    }
    clearFaults();
    // A request the client gave up on may change state late, or take a fault meant for the next operation.
    await settle();
    planTime.add(plan.label, Date.now() - t0);
    if (plan.faults.length === 0) slowestUnfaulted = Math.max(slowestUnfaulted, Date.now() - t0);
  }
  clearFaults();

  // --- truth ------------------------------------------------------------------
  const created = sim.stats().linksCreated - createdBefore;
  let one = 0;
  let more = 0;
  let none = 0;
  const several: string[] = [];
  for (const reference of references) {
    const count = truth.idsFor(reference).length;
    if (count === 1) one += 1;
    else if (count === 0) none += 1;
    else {
      more += 1;
      several.push(`${reference} (${count})`);
    }
  }
  if (more > 0) problems.push(`${more} logical creates made more than one link: ${several.join(', ')}`);
  if (none > 0) problems.push(`${none} logical creates made no link`);
  if (created !== creates.logical) problems.push(`links created ${created}, intended ${creates.logical}`);

  const replays = (sim as unknown as { idempotentReplays?: () => number }).idempotentReplays?.();
  const figures: FaultRunFigures = {
    seed: o.seed,
    operations: o.operations,
    operationsByKind: opsByKind.toJSON(),
    clientCalls,
    apiRequests: sim.stats().apiRequests,
    faultPlans: plans.toJSON(),
    msByFaultPlan: planTime.toJSON(),
    faultsInjected: injected.toJSON(),
    faultsInjectedTotal: injected.total(),
    faultsApplied: sim.faults.appliedCount() - appliedBefore,
    outcomes: outcomes.toJSON(),
    readsSucceeded: readsOk,
    readsTypedErrors: readsTyped,
    untypedFailures: untyped,
    predictionMismatches: mismatches,
    unplannedTimeouts,
    watchdogBreaches: breaches,
    slowestCallMs: slowest,
    slowestUnfaultedOperationMs: slowestUnfaulted,
    links: {
      intended: creates.logical,
      created,
      referencesWithOneLink: one,
      referencesWithMoreThanOne: more,
      referencesWithNone: none,
    },
    creates: {
      logical: creates.logical,
      attempts: creates.attempts,
      ambiguous: creates.ambiguous,
      reconciledFound: creates.found,
      reconciledAbsentThenRetried: creates.absentRetried,
      reconcileHow: driver.reconcile?.how ?? 'not needed: every retry carries the same Idempotency-Key',
      retriedWithSameKey: creates.sameKeyRetries,
      ...(replays !== undefined ? { idempotentReplays: replays } : {}),
    },
    leaksChecked: audit.checked,
    leaks: audit.leaks.length,
    durationMs: Date.now() - started,
  };
  return { figures, problems, audit };
}
