// WebhookSender: a simulator's webhook deliveries, with retries and an optional order.
import { BoundedLog } from './bounded-log.js';

/** One try at delivering a webhook. */
export interface WebhookDelivery {
  readonly url: string;
  /** 1 for the first try. */
  readonly attempt: number;
  /** HTTP status of the receiver's answer, when it answered. */
  readonly status?: number;
  /** Whether the receiver answered 2xx in time. */
  readonly ok: boolean;
  /** The body sent. */
  readonly body: string;
}

/** Options of {@link WebhookSender}. */
export interface WebhookSenderOptions {
  /** Waits before each retry; its length is the number of retries (Cost+: ten times 2 minutes). */
  readonly retryDelaysMs: ReadonlyArray<number>;
  /**
   * How long the receiver has to answer 2xx (default 10 s); a function gets
   * the try number (Cost+ allows 4 s on the first try and 10 s on retries).
   */
  readonly timeoutMs?: number | ((attempt: number) => number);
  /**
   * Keep each endpoint's events in order: an event's first try starts once
   * the previous event's first try to the same URL has finished (default
   * false). Retries still run on their own schedule.
   */
  readonly ordered?: boolean;
  /** Tries kept in {@link WebhookSender.deliveries}, newest last (default 1,000); older ones are dropped. */
  readonly historySize?: number;
}

type Outgoing = {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
};

/**
 * Sends a simulator's webhooks: POSTs each body, retries on a non-2xx answer
 * or no answer per the provider's schedule, and records every try (the
 * newest `historySize` of them).
 */
export class WebhookSender {
  private readonly tries: BoundedLog<WebhookDelivery>;
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Per URL, the first try of the newest event (ordered senders only). */
  private readonly chains = new Map<string, Promise<unknown>>();
  private closed = false;

  constructor(private readonly options: WebhookSenderOptions) {
    this.tries = new BoundedLog(options.historySize);
  }

  /** The tries kept, oldest first (a copy). */
  get deliveries(): ReadonlyArray<WebhookDelivery> {
    return this.tries.toArray();
  }

  /** Queues a delivery (first try at once, or after the previous event's first try when `ordered`). */
  send(delivery: Outgoing): void {
    const previous = this.options.ordered === true ? this.chains.get(delivery.url) : undefined;
    const firstTry = (previous ?? Promise.resolve()).then(() => this.tryOnce(delivery, 1));
    if (this.options.ordered === true) {
      this.chains.set(delivery.url, firstTry);
      void firstTry.then(() => {
        if (this.chains.get(delivery.url) === firstTry) this.chains.delete(delivery.url);
      });
    }
    const job = firstTry.then((done) => (done ? undefined : this.retry(delivery)));
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
  }

  /** Resolves when every queued delivery, retries included, has finished. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Cancels scheduled retries. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** One try, recorded; `true` when nothing more is to be done (delivered, or the sender is closed). */
  private async tryOnce(delivery: Outgoing, attempt: number): Promise<boolean> {
    if (this.closed) return true;
    let status: number | undefined;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...delivery.headers },
        body: delivery.body,
        signal: AbortSignal.timeout(
          typeof this.options.timeoutMs === 'function'
            ? this.options.timeoutMs(attempt)
            : (this.options.timeoutMs ?? 10_000),
        ),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = undefined;
    }
    const ok = status !== undefined && status >= 200 && status < 300;
    this.tries.push({
      url: delivery.url,
      attempt,
      ok,
      body: delivery.body,
      ...(status !== undefined ? { status } : {}),
    });
    return ok;
  }

  /** Tries 2, 3, ... after the documented waits, until one is answered 2xx or the schedule runs out. */
  private async retry(delivery: Outgoing): Promise<void> {
    for (let attempt = 2; ; attempt++) {
      const delay = this.options.retryDelaysMs[attempt - 2];
      if (delay === undefined || this.closed) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, delay);
        timer.unref();
        this.timers.add(timer);
      });
      if (await this.tryOnce(delivery, attempt)) return;
    }
  }
}
