import { context, ROOT_CONTEXT, trace, type Context, type ContextManager } from '@opentelemetry/api';
import { fromProvider, type HttpEvent, type PaymentLinks, type PaymentLinksEventName } from '@paylinks/core';
import { createRouter } from '@paylinks/router';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { providers, recordResult, Tally } from './support/results.js';
import { homeCurrency, routedInput, startRoutedWorld, type RoutedWorld } from './support/router-harness.js';

// Issue 20, finding 6: observers (listeners, tracers, the context API) are guests. Whatever they
// throw or reject, create/get/list/cancel against the simulators answer exactly what a client with
// no observer answers, nothing reaches `unhandledRejection`, and each failure is a process warning.

const settings = { timeoutMs: 2_000, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 10 } } as const;

/** What one observer hook does when called. */
type Behaviour = 'ok' | 'throw' | 'throw-string' | 'throw-unprintable' | 'reject' | 'reject-later';
const behaviours: ReadonlyArray<Behaviour> = [
  'ok',
  'throw',
  'throw-string',
  'throw-unprintable',
  'reject',
  'reject-later',
];
/** A hook whose answer is used (a tracer, a span, a boolean, a context) can only throw. */
const throwing: ReadonlyArray<Behaviour> = ['ok', 'throw', 'throw-string', 'throw-unprintable'];

const unprintable = {
  toString() {
    throw new Error('unprintable');
  },
};

/** Runs `behaviour` for a hook: throws, or answers a promise that rejects, or answers `value`. */
function act<A>(behaviour: Behaviour, what: string, value: A): A {
  switch (behaviour) {
    case 'ok':
      return value;
    case 'throw':
      throw new Error(`${what} exploded`);
    case 'throw-string':
      throw `${what} exploded`;
    case 'throw-unprintable':
      throw unprintable;
    case 'reject':
      return Promise.reject(new Error(`${what} rejected`)) as A;
    case 'reject-later':
      return new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`${what} rejected later`)), 1),
      ) as A;
  }
}

const eventNames: ReadonlyArray<PaymentLinksEventName> = ['request', 'response', 'retry', 'error'];
const contextModes = [
  'ok',
  'active-throws',
  'with-throws-before',
  'with-throws-after',
  'with-twice',
  'with-skips',
] as const;
type ContextMode = (typeof contextModes)[number];

/** One run's observers: a behaviour for each listener, each tracer part and the context manager. */
const observerPlan = fc.record({
  listeners: fc.record({
    request: fc.constantFrom(...behaviours),
    response: fc.constantFrom(...behaviours),
    retry: fc.constantFrom(...behaviours),
    error: fc.constantFrom(...behaviours),
  }),
  spans: fc.record({
    setAttribute: fc.constantFrom(...behaviours),
    setStatus: fc.constantFrom(...behaviours),
    end: fc.constantFrom(...behaviours),
  }),
  answers: fc.record({
    getTracer: fc.constantFrom(...throwing),
    startSpan: fc.constantFrom(...throwing),
    isRecording: fc.constantFrom(...throwing),
  }),
  context: fc.constantFrom(...contextModes),
  provider: fc.constantFrom(...providers),
});
type ObserverPlan = typeof observerPlan extends fc.Arbitrary<infer P> ? P : never;

/** A tracer provider whose every part behaves as the plan says (and a span that records). */
function hostileTracerProvider(plan: ObserverPlan) {
  const span = {
    setAttribute: () => act(plan.spans.setAttribute, 'setAttribute', span),
    setStatus: () => act(plan.spans.setStatus, 'setStatus', span),
    end: () => act(plan.spans.end, 'end', undefined),
    isRecording: () => act(plan.answers.isRecording, 'isRecording', true),
    spanContext: () => ({ traceId: '0'.repeat(31) + '1', spanId: '0'.repeat(15) + '1', traceFlags: 1 }),
  };
  const tracer = { startSpan: () => act(plan.answers.startSpan, 'startSpan', span) };
  return { getTracer: () => act(plan.answers.getTracer, 'getTracer', tracer) };
}

/** A global context manager misbehaving as `mode` says. */
function hostileContextManager(mode: ContextMode): ContextManager {
  const manager: ContextManager = {
    active: () => {
      if (mode === 'active-throws') throw new Error('active exploded');
      return ROOT_CONTEXT;
    },
    with: <A extends unknown[], F extends (...args: A) => ReturnType<F>>(
      _context: Context,
      fn: F,
      thisArg?: ThisParameterType<F>,
      ...args: A
    ): ReturnType<F> => {
      if (mode === 'with-throws-before') throw new Error('with exploded');
      if (mode === 'with-skips') return undefined as ReturnType<F>;
      const answer = fn.call(thisArg, ...args);
      if (mode === 'with-twice') fn.call(thisArg, ...args);
      if (mode === 'with-throws-after') throw new Error('with exploded late');
      return answer;
    },
    bind: (_context, target) => target,
    enable: () => manager,
    disable: () => manager,
  };
  return manager;
}

/** Attaches the plan's listeners to a client. */
function listen(links: PaymentLinks, plan: ObserverPlan, seen: Tally): void {
  for (const name of eventNames)
    links.on(name, (event: HttpEvent) => {
      seen.add(event.kind);
      return act(plan.listeners[name], `${name} listener`, undefined);
    });
}

let world: RoutedWorld;
let serial = 0;
const figures = {
  runs: 0,
  operations: new Tally(),
  hostileHooks: new Tally(),
  eventsSeen: new Tally(),
  warnings: new Tally(),
  unhandledRejections: 0,
  differingAnswers: 0,
  linksPerReferenceAboveOne: 0,
};
const unhandled: unknown[] = [];
const onRejection = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  world = await startRoutedWorld(settings);
  process.on('unhandledRejection', onRejection);
});
afterEach(() => {
  trace.disable();
  context.disable();
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await world?.close();
  recordResult({
    section: 'observers',
    subject: 'core',
    figures: {
      runs: figures.runs,
      operations: figures.operations.toJSON(),
      hostileHooks: figures.hostileHooks.toJSON(),
      eventsSeen: figures.eventsSeen.toJSON(),
      warnings: figures.warnings.toJSON(),
      unhandledRejections: figures.unhandledRejections,
      differingAnswers: figures.differingAnswers,
      linksPerReferenceAboveOne: figures.linksPerReferenceAboveOne,
    },
  });
});

/** The answer of an operation as compared: a link without its timing-free parts, or the error's tag. */
const answerOf = (result: E.Either<{ _tag: string }, unknown>) =>
  E.isLeft(result) ? { left: result.left._tag } : { right: result.right };

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('hostile observers never change an answer (property, issue 20 finding 6)', () => {
  it('create, get, list and cancel answer as an unobserved client does, with no unhandled rejection', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation((message, options) => {
      const code = (options as { code?: string } | undefined)?.code ?? 'other';
      figures.warnings.add(code);
      void message;
    });
    try {
      await fc.assert(
        fc.asyncProperty(observerPlan, async (plan) => {
          figures.runs += 1;
          for (const [name, b] of Object.entries({ ...plan.listeners, ...plan.spans, ...plan.answers }))
            if (b !== 'ok') figures.hostileHooks.add(`${name}:${b}`);
          if (plan.context !== 'ok') figures.hostileHooks.add(`context:${plan.context}`);
          context.setGlobalContextManager(hostileContextManager(plan.context));
          const provider = world.providers[plan.provider];
          const plain = fromProvider(provider, { tracing: false });
          const observed = fromProvider(provider, {
            tracing: { tracerProvider: hostileTracerProvider(plan) },
          });
          listen(observed, plan, figures.eventsSeen);
          const before = unhandled.length;

          const reference = `obs-${(serial += 1)}`;
          const input = routedInput(reference, homeCurrency[plan.provider], 2_500);
          const created = await observed.te.create(input)();
          figures.operations.add('create');
          expect(E.isRight(created)).toBe(true);
          if (E.isLeft(created)) return;
          const id = created.right.id;
          expect(created.right.reference).toBe(reference);

          const compare = async (
            name: string,
            run: (links: PaymentLinks) => Promise<E.Either<{ _tag: string }, unknown>>,
          ) => {
            const mine = answerOf(await run(observed));
            const theirs = answerOf(await run(plain));
            figures.operations.add(name);
            if (JSON.stringify(mine) !== JSON.stringify(theirs)) figures.differingAnswers += 1;
            expect(mine).toEqual(theirs);
          };
          await compare('get', (l) => l.te.get(id)());
          await compare('get-missing', (l) => l.te.get(`${id}-missing`)());
          await compare('list', (l) => l.te.listPage({ limit: 5 }, undefined)());
          // Cancel with the observed client, then read the state both ways.
          const cancelled = await observed.te.cancel(id, 'observer attack')();
          figures.operations.add('cancel');
          const after = await plain.te.get(id)();
          if (E.isRight(cancelled) && E.isRight(after))
            expect(cancelled.right.status).toEqual(after.right.status);
          else if (E.isLeft(cancelled))
            expect(['UnsupportedError', 'ConflictError', 'ValidationError']).toContain(cancelled.left._tag);
          await compare('get-after-cancel', (l) => l.te.get(id)());

          const counts = world.linksByReference().get(reference);
          const total = counts === undefined ? 0 : Object.values(counts).reduce((a, b) => a + b, 0);
          if (total !== 1) figures.linksPerReferenceAboveOne += 1;
          expect(total).toBe(1);
          await settle();
          figures.unhandledRejections += unhandled.length - before;
          expect(unhandled.slice(before)).toEqual([]);
          context.disable();
        }),
        { numRuns: 30 },
      );
    } finally {
      warning.mockRestore();
    }
    expect(figures.warnings.get('PAYLINKS_LISTENER')).toBeGreaterThan(0);
    expect(figures.warnings.get('PAYLINKS_TRACER')).toBeGreaterThan(0);
  }, 120_000);

  it('a router with hostile listeners on every event routes as a quiet one, and refuses prototype event names', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const router = createRouter({
        providers: providers.map((id) => world.providers[id]),
        rules: [{ name: 'euros', when: { currency: ['EUR'] }, use: ['costplus', 'hsa-provider'] }],
        fallback: ['hsa-provider'],
      });
      for (const name of ['routed', 'failover', 'ambiguity', 'breaker'] as const) {
        router.on(name, () => {
          throw new Error(`${name} listener exploded`);
        });
        router.on(name, async () => Promise.reject(new Error(`${name} listener rejected`)));
      }
      for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty'])
        expect(() => router.on(name as 'routed', () => undefined)).toThrow(TypeError);
      const before = unhandled.length;
      const link = await router.create(routedInput(`obs-router-${(serial += 1)}`, 'EUR', 1_000));
      figures.operations.add('router-create');
      expect(link.provider).toBe('costplus');
      expect((await router.get(link.id)).id).toBe(link.id);
      await settle();
      expect(unhandled.slice(before)).toEqual([]);
      expect(warning).toHaveBeenCalledWith(expect.stringContaining('routed listener rejected'), {
        code: 'PAYLINKS_LISTENER',
      });
    } finally {
      warning.mockRestore();
    }
  });
});
