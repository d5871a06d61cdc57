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
}

/**
 * Sends a simulator's webhooks: POSTs each body, retries on a non-2xx answer
 * or no answer per the provider's schedule, and records every try.
 */
export class WebhookSender {
  private readonly tries: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: WebhookSenderOptions) {}

  /** Every try so far, in order. */
  get deliveries(): ReadonlyArray<WebhookDelivery> {
    return this.tries;
  }

  /** Queues a delivery (first try at once). */
  send(delivery: {
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
  }): void {
    const job = this.deliver(delivery, 1);
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

  private async deliver(
    delivery: {
      readonly url: string;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
    },
    attempt: number,
  ): Promise<void> {
    if (this.closed) return;
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
    const delay = this.options.retryDelaysMs[attempt - 1];
    if (ok || delay === undefined || this.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, delay);
      timer.unref();
      this.timers.add(timer);
    });
    await this.deliver(delivery, attempt + 1);
  }
}
