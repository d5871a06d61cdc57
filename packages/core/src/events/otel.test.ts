import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { scriptedProvider, testSecret } from '../__tests__/test-provider.js';
import { fromProvider } from '../client/client.js';
import { createTracing, openTelemetryApi } from './otel.js';

function tracing() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, tracerProvider };
}

const input = { reference: 'inv-1', amount: { amount: 100, currency: 'EUR' } } as never;
const byStart = (spans: ReadableSpan[]) =>
  [...spans].sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);

/** Every attribute value and span name, as one text to search for leaks. */
const everything = (spans: ReadableSpan[]) =>
  JSON.stringify(
    spans.map((s) => ({ name: s.name, attributes: s.attributes, status: s.status, events: s.events })),
  );

describe('OpenTelemetry spans', () => {
  afterEach(() => {
    trace.disable();
    context.disable();
  });

  it('a create that retries twice is one operation span with three CLIENT try spans', async () => {
    const { exporter, tracerProvider } = tracing();
    const { provider } = scriptedProvider([
      { status: 503, body: { error: testSecret }, headers: { 'x-request-id': testSecret } },
      { status: 503, body: {} },
      { status: 201, body: { id: 'plink_77' }, headers: { 'x-request-id': 'req_77' } },
    ]);
    const links = fromProvider(provider, { tracing: { tracerProvider } });
    const link = await links.create(input, { idempotencyKey: 'idem-otel-1' });
    expect(link.id).toBe('plink_77');

    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(4);
    const operation = spans.find((s) => s.name === 'paylinks.create') as ReadableSpan;
    expect(operation.kind).toBe(SpanKind.INTERNAL);
    expect(operation.attributes).toEqual({
      'paylinks.provider': 'test',
      'paylinks.operation': 'create',
      'paylinks.link_id': 'plink_77',
    });
    expect(operation.status.code).not.toBe(SpanStatusCode.ERROR);
    const tries = byStart(spans.filter((s) => s !== operation));
    for (const [i, span] of tries.entries()) {
      expect(span.name).toBe('POST /v2/payment-links');
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.parentSpanContext?.spanId).toBe(operation.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(operation.spanContext().traceId);
      expect(span.attributes).toMatchObject({
        'http.request.method': 'POST',
        'url.template': '/v2/payment-links',
        'server.address': 'api.example.test',
        'server.port': 8443,
        'http.response.status_code': i < 2 ? 503 : 201,
      });
      expect(span.attributes['http.request.resend_count']).toBe(i === 0 ? undefined : i);
      expect(span.attributes['error.type']).toBe(i < 2 ? '503' : undefined);
      expect(span.status.code).toBe(i < 2 ? SpanStatusCode.ERROR : SpanStatusCode.UNSET);
    }
    expect(everything(spans)).not.toContain(testSecret);
  });

  it('marks a failed operation with error.type, and a try without an answer with its error tag', async () => {
    const { exporter, tracerProvider } = tracing();
    const { provider } = scriptedProvider([{ networkError: 'ECONNREFUSED' }]);
    const links = fromProvider(provider, { tracing: { tracerProvider } });
    const result = await links.te.get('plink_404')();
    expect(E.isLeft(result)).toBe(true);
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((s) => s.name === 'paylinks.get') as ReadableSpan;
    expect(operation.attributes).toMatchObject({
      'paylinks.link_id': 'plink_404',
      'error.type': 'NetworkError',
    });
    expect(operation.status.code).toBe(SpanStatusCode.ERROR);
    const tries = spans.filter((s) => s.kind === SpanKind.CLIENT);
    expect(tries).toHaveLength(3);
    for (const span of tries) {
      expect(span.name).toBe('GET /v2/payment-links/{id}');
      expect(span.attributes['error.type']).toBe('NetworkError');
      expect(span.attributes).not.toHaveProperty('http.response.status_code');
    }
    // The filled path, the query (which holds a secret here) and the id of the URL are in no attribute.
    const text = everything(spans.filter((s) => s.kind === SpanKind.CLIENT));
    expect(text).not.toContain('plink_404');
    expect(text).not.toContain('expand');
    expect(everything(spans)).not.toContain(testSecret);
  });

  it('uses the global tracer provider by default, nested under the active span, and can be turned off', async () => {
    const { exporter, tracerProvider } = tracing();
    trace.setGlobalTracerProvider(tracerProvider);
    // What the Node SDK registers: the active span follows the async calls.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const { provider } = scriptedProvider([{ status: 200, body: {} }]);
    const tracer = trace.getTracer('app');
    await tracer.startActiveSpan('POST /checkout', async (parent) => {
      await fromProvider(provider).get('plink_1');
      parent.end();
    });
    const spans = exporter.getFinishedSpans();
    const find = (name: string) => spans.find((s) => s.name === name) as ReadableSpan;
    expect(find('paylinks.get').parentSpanContext?.spanId).toBe(find('POST /checkout').spanContext().spanId);
    expect(find('GET /v2/payment-links/{id}').parentSpanContext?.spanId).toBe(
      find('paylinks.get').spanContext().spanId,
    );
    exporter.reset();
    await fromProvider(provider, { tracing: false }).get('plink_1');
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(createTracing(false)).toBeUndefined();
    expect(() => fromProvider(provider, { tracing: { tracerProvider: {} as never } })).toThrow(/getTracer/);
    expect(openTelemetryApi()).toBeDefined();
  });

  it('creates no span and no event work when the tracer does not record', async () => {
    const { provider, transport } = scriptedProvider([{ status: 200, body: {} }]);
    // The global provider is the API's no-op one after trace.disable(): spans do not record.
    const links = fromProvider(provider);
    await links.get('plink_1');
    expect(transport.urls).toHaveLength(1);
    expect(createTracing(true)?.start('test', 'get', undefined)).toBeUndefined();
  });
});

describe('tracers are guests (issue 20, finding 6)', () => {
  afterEach(() => {
    trace.disable();
    context.disable();
  });

  type Part = 'getTracer' | 'startSpan' | 'isRecording' | 'setAttribute' | 'setStatus' | 'end';
  /** A tracer provider whose `broken` parts throw (or, with `reject`, answer a rejected promise). */
  function brokenTracing(broken: ReadonlyArray<Part>, how: 'throw' | 'reject') {
    const calls: string[] = [];
    const fail = (part: Part) => {
      calls.push(part);
      if (!broken.includes(part)) return undefined;
      if (how === 'reject') return Promise.reject(new Error(`${part} rejected`));
      throw new Error(`${part} exploded`);
    };
    const span = {
      setAttribute: () => fail('setAttribute'),
      setStatus: () => fail('setStatus'),
      isRecording: () => (fail('isRecording'), true),
      end: () => fail('end') as void,
    };
    const tracer = { startSpan: () => (fail('startSpan'), span) };
    return {
      calls,
      tracerProvider: {
        getTracer: () => (fail('getTracer'), tracer),
      },
    };
  }

  const parts: ReadonlyArray<Part> = [
    'getTracer',
    'startSpan',
    'isRecording',
    'setAttribute',
    'setStatus',
    'end',
  ];

  // A tracer's or span's answer is used (a tracer, a span, a boolean): those parts can only throw;
  // the parts whose answer is ignored can also answer a rejected promise.
  const answerIgnored = new Set<Part>(['setAttribute', 'setStatus', 'end']);
  it.each(
    parts.flatMap((part) =>
      (answerIgnored.has(part) ? (['throw', 'reject'] as const) : (['throw'] as const)).map(
        (how) => [part, how] as const,
      ),
    ),
  )(
    'a tracer whose %s does %s leaves get, a failed get and create answering as untraced, with a PAYLINKS_TRACER warning',
    async (part, how) => {
      const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      const seen: unknown[] = [];
      const onRejection = (reason: unknown) => seen.push(reason);
      process.on('unhandledRejection', onRejection);
      try {
        const answers = [
          { status: 200, body: { id: 'plink_5' } },
          { status: 404, body: { error: 'no such link' } },
          { status: 201, body: { id: 'plink_6' } },
        ];
        const run = async (links: ReturnType<typeof fromProvider>) => [
          await links.te.get('plink_5')(),
          await links.te.get('plink_x')(),
          await links.te.create(input)(),
        ];
        const plain = await run(fromProvider(scriptedProvider(answers).provider, { tracing: false }));
        const { tracerProvider, calls } = brokenTracing([part], how);
        const traced = await run(
          fromProvider(scriptedProvider(answers).provider, { tracing: { tracerProvider } }),
        );
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setImmediate(resolve));
        expect(calls).toContain(part);
        expect(traced).toEqual(plain);
        expect(E.isRight(traced[0]!) && E.isLeft(traced[1]!) && E.isRight(traced[2]!)).toBe(true);
        expect(seen).toEqual([]);
        expect(warning).toHaveBeenCalledWith(
          expect.stringMatching(new RegExp(`${part} (exploded|rejected)`)),
          {
            code: 'PAYLINKS_TRACER',
          },
        );
      } finally {
        process.off('unhandledRejection', onRejection);
        warning.mockRestore();
      }
    },
  );

  it.each(['active', 'with-before', 'with-after', 'with-twice'] as const)(
    'a context manager whose %s misbehaves runs the operation once, as untraced',
    async (mode) => {
      const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      const { tracerProvider } = tracing();
      const manager = new AsyncLocalStorageContextManager().enable();
      const hostile = Object.assign(Object.create(manager) as AsyncLocalStorageContextManager, {
        active: () => {
          if (mode === 'active') throw new Error('active exploded');
          return manager.active();
        },
        with: (ctx: never, fn: () => unknown) => {
          if (mode === 'with-before') throw new Error('with exploded');
          const answer = manager.with(ctx, fn as never);
          if (mode === 'with-twice') manager.with(ctx, fn as never);
          if (mode === 'with-after') throw new Error('with exploded late');
          return answer;
        },
      });
      context.setGlobalContextManager(hostile);
      const scripted = scriptedProvider([{ status: 200, body: { id: 'plink_7' } }]);
      let gets = 0;
      const links = fromProvider(
        {
          ...scripted.provider,
          get: (id, o) => {
            const task = scripted.provider.get(id, o);
            return () => ((gets += 1), task());
          },
        },
        { tracing: { tracerProvider } },
      );
      await expect(links.get('plink_7')).resolves.toMatchObject({ id: 'plink_7' });
      expect(gets).toBe(1);
      if (mode !== 'with-twice')
        expect(warning).toHaveBeenCalledWith(expect.stringContaining('exploded'), {
          code: 'PAYLINKS_TRACER',
        });
      warning.mockRestore();
    },
  );
});
