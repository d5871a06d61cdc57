import { inspect } from 'node:util';

import type { HttpEvent, PaymentLinks, PaymentLinksEventName } from '@paylinks/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

import type { LeakAudit } from './leak-audit.js';

const kinds: ReadonlyArray<PaymentLinksEventName> = ['request', 'response', 'retry', 'error'];

/**
 * Records what clients tell about their calls, their `links.on` events and
 * their OpenTelemetry spans (in memory), so every one of them can be
 * searched for the canary secrets like an error is.
 */
export class TelemetryAudit {
  private readonly exporter = new InMemorySpanExporter();
  /** The tracer provider to give clients: `fromProvider(p, { tracing: { tracerProvider } })`. */
  readonly tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(this.exporter)],
  });
  /** Events seen, by kind. */
  readonly seen: Record<PaymentLinksEventName, number> = { request: 0, response: 0, retry: 0, error: 0 };
  spans = 0;
  private pending: HttpEvent[] = [];

  /** Listens to every event kind of `client`; answers the client. */
  watch(client: PaymentLinks): PaymentLinks {
    for (const kind of kinds) {
      client.on(kind, (event) => {
        this.seen[kind] += 1;
        this.pending.push(event);
      });
    }
    return client;
  }

  /** Audits every event and finished span since the last call, then forgets them. */
  flush(audit: LeakAudit, label: string): void {
    for (const event of this.pending) {
      audit.text(`${label} [${event.kind} event JSON]`, JSON.stringify(event));
      audit.text(`${label} [${event.kind} event inspect]`, inspect(event, { depth: Infinity }));
    }
    this.pending = [];
    for (const span of this.exporter.getFinishedSpans()) {
      this.spans += 1;
      audit.text(
        `${label} [span ${span.name}]`,
        JSON.stringify({
          name: span.name,
          attributes: span.attributes,
          status: span.status,
          events: span.events,
        }),
      );
    }
    this.exporter.reset();
  }
}
