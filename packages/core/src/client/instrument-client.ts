// A client's operations instrumented: events to listeners, spans to a tracer; outcomes unchanged.
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';

import type { PaymentLinksTE } from './payment-links.js';
import type { PaymentLinkError } from '../model/errors.js';
import { EventHub, withObserverSlot, type ObserverSlot } from '../events/observability.js';
import { createTracing, type TracingOption } from '../events/otel.js';

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
interface Instrumentation {
  readonly events: EventHub;
  /** The same operations, each observed while someone listens or traces (untouched otherwise). */
  operations(te: PaymentLinksTE): PaymentLinksTE;
}

/** Builds the instrumentation of a client over `provider`. */
export function instrumentClient(provider: string, options: ClientOptions = {}): Instrumentation {
  const events = new EventHub();
  const tracing = createTracing(options.tracing);

  /**
   * Runs an operation built by `make` from options carrying an observer
   * slot, which is filled while the operation runs if someone listens or
   * traces then. With no listener and no tracing at all the operation is
   * built from the caller's options, untouched.
   */
  const observed = <O, A>(
    operation: string,
    linkId: string | undefined,
    options: O | undefined,
    make: (options: O | undefined) => TE.TaskEither<PaymentLinkError, A>,
    linkOf?: (value: A) => string | undefined,
  ): TE.TaskEither<PaymentLinkError, A> => {
    if (!events.active && tracing === undefined) return make(options);
    const slot: ObserverSlot = { current: undefined };
    const task = make(withObserverSlot(options, slot));
    return async () => {
      const listening = events.active;
      const trace = tracing?.start(provider, operation, typeof linkId === 'string' ? linkId : undefined);
      if (!listening && trace === undefined) return task();
      slot.current = (event, call) => {
        if (listening) events.emit(event);
        trace?.http(event, call);
      };
      try {
        const result = await (trace === undefined ? task() : trace.run(task));
        trace?.end(
          E.isLeft(result) ? result.left._tag : undefined,
          E.isRight(result) && linkOf !== undefined ? linkOf(result.right) : undefined,
        );
        return result;
      } finally {
        slot.current = undefined;
      }
    };
  };

  return {
    events,
    operations: (te) => ({
      ...te,
      create: (input, o) =>
        observed(
          'create',
          undefined,
          o,
          (p) => te.create(input, p),
          (link) => link.id,
        ),
      get: (id, o) => observed('get', id, o, (p) => te.get(id, p)),
      listPage: (query, cursor, o) => observed('list', undefined, o, (p) => te.listPage(query, cursor, p)),
      cancel: (id, reason, o) => observed('cancel', id, o, (p) => te.cancel(id, reason, p)),
      activate: (id, o) => observed('activate', id, o, (p) => te.activate(id, p)),
      delete: (id, o) => observed('delete', id, o, (p) => te.delete(id, p)),
      reconcile: (reference, o) =>
        observed(
          'reconcile',
          undefined,
          o,
          (p) => te.reconcile(reference, p),
          (link) => link?.id,
        ),
      resolveWebhook: (request, o) =>
        observed(
          'resolveWebhook',
          undefined,
          o,
          (p) => te.resolveWebhook(request, p),
          ({ link }) => link.id,
        ),
    }),
  };
}
