import { WebhookSender, type WebhookSenderOptions } from '@paylinks/core/testing';

type Delivery = Parameters<WebhookSender['send']>[0];

/**
 * A {@link WebhookSender} that keeps each endpoint's events in order: the
 * next event's first try starts once the previous event's first try has
 * finished (the provider documents `payment_link.paid` before
 * `order.created`). Retries still run on their own schedule.
 */
export class OrderedWebhookSender extends WebhookSender {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly waits = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    options: WebhookSenderOptions,
    private readonly pollMs = 2,
  ) {
    super(options);
  }

  override send(delivery: Delivery): void {
    const previous = this.chains.get(delivery.url) ?? Promise.resolve();
    const next = previous.then(() => this.sendAndWaitFirstTry(delivery));
    this.chains.set(delivery.url, next);
    this.waits.add(next);
    void next.finally(() => this.waits.delete(next));
  }

  override async flush(): Promise<void> {
    while (this.waits.size > 0) await Promise.allSettled([...this.waits]);
    await super.flush();
  }

  override close(): void {
    this.stopped = true;
    super.close();
  }

  private async sendAndWaitFirstTry(delivery: Delivery): Promise<void> {
    const before = this.deliveries.length;
    super.send(delivery);
    const tried = () =>
      this.deliveries.slice(before).some((d) => d.url === delivery.url && d.body === delivery.body);
    while (!tried() && !this.stopped) await new Promise((resolve) => setTimeout(resolve, this.pollMs));
  }
}
