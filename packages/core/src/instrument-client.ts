import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';

import type { PaymentLinksTE } from './client.js';
import type { PaymentLinkError } from './errors.js';
import { EventHub, runObserved, type HttpObserver } from './observability.js';
import { createTracing, type TracingOption } from './otel.js';

/** Options of a client (`fromProvider`, `createPaymentLinks`). */
export interface ClientOptions {
  /**
   * OpenTelemetry: `true` (default) traces with the global tracer provider
   * when `@opentelemetry/api` is installed; `false` never traces;
   * `{ tracerProvider }` traces with that provider.
   */
  readonly tracing?: TracingOption;
}

/** A client's listeners and tracing, and the wrapper that gives its operations both. */
export interface Instrumentation {
  readonly events: EventHub;
  /** The same operations, each observed while someone listens or traces (untouched otherwise). */
  operations(te: PaymentLinksTE): PaymentLinksTE;
}

/** Builds the instrumentation of a client over `provider`. */
export function instrumentClient(provider: string, options: ClientOptions = {}): Instrumentation {
  const events = new EventHub();
  const tracing = createTracing(options.tracing);

  const observed = <A>(
    operation: string,
    linkId: string | undefined,
    task: TE.TaskEither<PaymentLinkError, A>,
    linkOf?: (value: A) => string | undefined,
  ): TE.TaskEither<PaymentLinkError, A> => {
    // Decided per run, not per call: listeners added later see later runs.
    return () => {
      const listening = events.active;
      const trace = tracing?.start(provider, operation, typeof linkId === 'string' ? linkId : undefined);
      if (!listening && trace === undefined) return task();
      const observer: HttpObserver = (event, call) => {
        if (listening) events.emit(event);
        trace?.http(event, call);
      };
      const running = runObserved(observer, trace === undefined ? task : () => trace.run(task));
      if (trace === undefined) return running;
      return running.then((result) => {
        trace.end(
          E.isLeft(result) ? result.left._tag : undefined,
          E.isRight(result) && linkOf !== undefined ? linkOf(result.right) : undefined,
        );
        return result;
      });
    };
  };

  return {
    events,
    operations: (te) => ({
      ...te,
      create: (input, o) => observed('create', undefined, te.create(input, o), (link) => link.id),
      get: (id, o) => observed('get', id, te.get(id, o)),
      listPage: (query, cursor, o) => observed('list', undefined, te.listPage(query, cursor, o)),
      cancel: (id, reason, o) => observed('cancel', id, te.cancel(id, reason, o)),
      activate: (id, o) => observed('activate', id, te.activate(id, o)),
      delete: (id, o) => observed('delete', id, te.delete(id, o)),
      reconcile: (reference, o) =>
        observed('reconcile', undefined, te.reconcile(reference, o), (link) => link?.id),
      resolveWebhook: (request, o) =>
        observed('resolveWebhook', undefined, te.resolveWebhook(request, o), ({ link }) => link.id),
    }),
  };
}
