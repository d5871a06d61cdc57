// startWebhookReceiver: a local endpoint that records the webhooks it receives.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A notification a {@link WebhookReceiver} got. */
export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  /** The body exactly as received. */
  readonly rawBody: Buffer;
  readonly path: string;
  readonly receivedAt: Date;
}

/** A local HTTP endpoint that records webhooks (tests, the demo). */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/webhooks`. */
  readonly url: string;
  readonly received: ReadonlyArray<ReceivedWebhook>;
  /** Resolves once `count` webhooks have arrived (rejects after `timeoutMs`, default 5 s). */
  waitFor(count: number, timeoutMs?: number): Promise<ReadonlyArray<ReceivedWebhook>>;
  close(): Promise<void>;
}

/**
 * Starts a webhook receiver on 127.0.0.1 (any free port). It answers
 * `status` (default 200) to every POST, after `onWebhook` if given.
 */
export async function startWebhookReceiver(
  options: { readonly status?: number; readonly onWebhook?: (webhook: ReceivedWebhook) => void } = {},
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const webhook: ReceivedWebhook = {
        headers: req.headers,
        rawBody: Buffer.concat(chunks),
        path: req.url ?? '/',
        receivedAt: new Date(),
      };
      received.push(webhook);
      options.onWebhook?.(webhook);
      res.writeHead(options.status ?? 200).end();
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    waitFor(count, timeoutMs = 5000) {
      if (received.length >= count) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const wake = () => {
          if (received.length < count) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(received);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`expected ${count} webhooks within ${timeoutMs} ms, got ${received.length}`));
        }, timeoutMs);
        waiters.add(wake);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
