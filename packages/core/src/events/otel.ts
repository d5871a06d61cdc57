// OpenTelemetry tracing without a hard dependency: an operation span per call, an HTTP span per try.
import { createRequire } from 'node:module';

import { callGuest, type HttpCall, type HttpEvent, type HttpRequestEvent } from './observability.js';

type Attributes = Record<string, string | number | boolean>;

/** The part of an OpenTelemetry span used here (structural: core has no type dependency on the API). */
export interface SpanLike {
  setAttribute(key: string, value: string | number | boolean): unknown;
  setStatus(status: { readonly code: number }): unknown;
  isRecording(): boolean;
  end(): void;
}

/** The part of an OpenTelemetry tracer used here. */
export interface TracerLike {
  startSpan(
    name: string,
    options?: { readonly kind?: number; readonly attributes?: Attributes },
    context?: unknown,
  ): SpanLike;
}

/** An OpenTelemetry `TracerProvider` (`BasicTracerProvider`, `NodeTracerProvider`...). */
export interface TracerProviderLike {
  getTracer(name: string, version?: string): TracerLike;
}

/** The part of `@opentelemetry/api` used here. */
interface OpenTelemetryApi {
  readonly trace: {
    getTracer(name: string, version?: string): TracerLike;
    setSpan(context: unknown, span: SpanLike): unknown;
  };
  readonly context: { active(): unknown; with<A>(context: unknown, fn: () => A): A };
  readonly SpanKind: { readonly INTERNAL: number; readonly CLIENT: number };
  readonly SpanStatusCode: { readonly ERROR: number };
}

/**
 * Whether and how a client traces: `true` (the default) traces with the
 * global tracer provider when `@opentelemetry/api` is installed, `false`
 * never does, `{ tracerProvider }` uses that provider.
 */
export type TracingOption = boolean | { readonly tracerProvider: TracerProviderLike };

/** Name and version of the instrumentation scope. */
export const instrumentationScope = { name: '@paylinks/core', version: '0.1.0' } as const;

let api: OpenTelemetryApi | null | undefined;

/**
 * `@opentelemetry/api` when the application installed it, loaded on first
 * use with a guarded require (no dynamic import: a client is built
 * synchronously). `undefined` without it: nothing is loaded and tracing is off.
 */
export function openTelemetryApi(): OpenTelemetryApi | undefined {
  if (api === undefined) {
    try {
      api = createRequire(import.meta.url)('@opentelemetry/api') as OpenTelemetryApi;
    } catch {
      api = null;
    }
  }
  return api ?? undefined;
}

/** The spans of one logical operation: the operation's own and one child per HTTP try. */
export interface OperationTrace {
  /** Runs the operation with its span as the active context. */
  run<A>(task: () => Promise<A>): Promise<A>;
  /** Opens and closes the try spans from the boundary's events. */
  http(event: HttpEvent, call: HttpCall): void;
  /**
   * Ends the operation span; `errorType` (an error `_tag`) marks it failed.
   * `linkId` is the id the provider answered: it is kept only once every
   * boundary the operation went through has redacted it (a provider could echo a secret).
   */
  end(errorType: string | undefined, linkId: string | undefined): void;
}

/** Starts operation traces for one client. */
export interface Tracing {
  /** A recording operation span, or `undefined` when the tracer does not record (no SDK, not sampled). */
  start(provider: string, operation: string, linkId: string | undefined): OperationTrace | undefined;
}

/** The warning code of a tracer, span or context manager that threw or rejected. */
export const tracerWarning = 'PAYLINKS_TRACER';

/**
 * Calls into the tracing (a tracer, a span, the context API) as a guest:
 * whatever it throws becomes a `PAYLINKS_TRACER` process warning and
 * `fallback` stands for its answer. A tracer never changes an operation.
 */
function traced<R, F>(guest: () => R, fallback: F): R | F {
  return callGuest('a paylinks tracer', tracerWarning, guest, fallback);
}

/** A span whose every method is called as a guest (also stands in when `startSpan` failed). */
function guardSpan(span: SpanLike | undefined): SpanLike {
  return {
    setAttribute: (key, value) => traced(() => span!.setAttribute(key, value), undefined),
    setStatus: (status) => traced(() => span!.setStatus(status), undefined),
    isRecording: () => traced(() => span!.isRecording(), false) === true,
    end: () => traced(() => span!.end(), undefined),
  };
}

/**
 * The tracing of one client, or `undefined` when it is off (`false`, or
 * `@opentelemetry/api` not installed, or a tracer provider whose
 * `getTracer` throws: reported as a warning). Spans follow the
 * OpenTelemetry semantic conventions for HTTP clients; no header, query,
 * body or secret reaches an attribute. Every call into the tracer, its spans
 * and the context API is guarded: one that throws or rejects becomes a
 * `PAYLINKS_TRACER` process warning and the operation answers as it would
 * untraced.
 */
export function createTracing(option: TracingOption | undefined): Tracing | undefined {
  if (option === false) return undefined;
  const given = typeof option === 'object' && option !== null ? option.tracerProvider : undefined;
  if (typeof option === 'object' && typeof given?.getTracer !== 'function') {
    throw new TypeError('tracing.tracerProvider must be an OpenTelemetry TracerProvider (with getTracer)');
  }
  const otel = openTelemetryApi();
  if (otel === undefined) return undefined;
  const tracer = traced(
    () => (given ?? otel.trace).getTracer(instrumentationScope.name, instrumentationScope.version),
    undefined,
  );
  if (tracer === undefined) return undefined;
  return {
    start: (provider, operation, linkId) => startOperationTrace(otel, tracer, provider, operation, linkId),
  };
}

function startOperationTrace(
  otel: OpenTelemetryApi,
  tracer: TracerLike,
  provider: string,
  operation: string,
  linkId: string | undefined,
): OperationTrace | undefined {
  const parent = traced(() => otel.context.active(), undefined);
  const raw = traced(
    () =>
      tracer.startSpan(
        `paylinks.${operation}`,
        {
          kind: otel.SpanKind.INTERNAL,
          attributes: {
            'paylinks.provider': provider,
            'paylinks.operation': operation,
            ...(linkId !== undefined ? { 'paylinks.link_id': linkId } : {}),
          },
        },
        parent,
      ),
    undefined,
  );
  const span = guardSpan(raw);
  if (raw === undefined || !span.isRecording()) return undefined;
  return traceOperation(
    otel,
    tracer,
    span,
    traced(() => otel.trace.setSpan(parent, raw), parent),
  );
}

function markFailed(otel: OpenTelemetryApi, target: SpanLike, errorType: string): void {
  target.setAttribute('error.type', errorType);
  target.setStatus({ code: otel.SpanStatusCode.ERROR });
}

function startTrySpan(
  otel: OpenTelemetryApi,
  tracer: TracerLike,
  event: HttpRequestEvent,
  context: unknown,
): SpanLike {
  const attributes: Attributes = {
    'http.request.method': event.method,
    'url.template': event.urlTemplate,
    'server.address': event.serverAddress,
    'server.port': event.serverPort,
    'paylinks.provider': event.provider,
    'paylinks.operation': event.operation,
  };
  if (event.attempt > 1) attributes['http.request.resend_count'] = event.attempt - 1;
  return guardSpan(
    traced(
      () =>
        tracer.startSpan(
          `${event.method} ${event.urlTemplate}`,
          { kind: otel.SpanKind.CLIENT, attributes },
          context,
        ),
      undefined,
    ),
  );
}

/**
 * Runs `task` inside `context.with`, and only once: a context manager that
 * throws before or after calling it, calls it twice or answers something
 * else leaves the task's own answer unchanged.
 */
function runInContext<A>(otel: OpenTelemetryApi, context: unknown, task: () => Promise<A>): Promise<A> {
  let started: Promise<A> | undefined;
  const once = (): Promise<A> => {
    if (started === undefined) {
      try {
        started = task();
      } catch (error) {
        started = Promise.reject(error as Error);
      }
    }
    return started;
  };
  // The task's own promise is the operation's, not the tracer's: only another answer is watched.
  traced(() => {
    const answer = otel.context.with(context, once);
    return answer === started ? undefined : answer;
  }, undefined);
  return started ?? once();
}

function traceOperation(
  otel: OpenTelemetryApi,
  tracer: TracerLike,
  span: SpanLike,
  context: unknown,
): OperationTrace {
  const tries = new Map<HttpCall, SpanLike>();
  const calls = new Set<HttpCall>();
  return {
    run: (task) => runInContext(otel, context, task),
    http(event, call) {
      calls.add(call);
      if (event.kind === 'request') {
        tries.set(call, startTrySpan(otel, tracer, event, context));
        return;
      }
      const open = tries.get(call);
      if (open === undefined) return;
      tries.delete(call);
      if (event.kind === 'response') {
        open.setAttribute('http.response.status_code', event.status);
        if (event.status >= 400) markFailed(otel, open, String(event.status));
      } else {
        // No answer came (a network failure): the error's tag stands for the status.
        markFailed(otel, open, event.errorType);
      }
      open.end();
    },
    end(errorType, id) {
      for (const open of tries.values()) open.end();
      tries.clear();
      if (id !== undefined && calls.size > 0) {
        let redacted = id;
        for (const call of calls) redacted = call.redact(redacted);
        span.setAttribute('paylinks.link_id', redacted);
      }
      if (errorType !== undefined) markFailed(otel, span, errorType);
      span.end();
    },
  };
}
