import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One delivery as a simulator sent it, and what the framework answered. */
export interface CapturedDelivery {
  /** The request headers, as sent (hop-by-hop ones left out). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as sent. */
  readonly body: Buffer;
  /** The framework's answer. */
  readonly status: number;
}

/** A transparent forwarder between a simulator and the server under test. */
export interface RecordingProxy {
  readonly url: string;
  readonly captured: ReadonlyArray<CapturedDelivery>;
  close(): Promise<void>;
}

const hopByHop = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * Starts a loopback proxy that forwards every request byte for byte to
 * `target` and relays the answer, recording the simulator's signed
 * deliveries so a test can replay or tamper with them afterwards.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const captured: CapturedDelivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (!hopByHop.has(name) && typeof value === 'string') headers[name] = value;
      }
      void fetch(target, { method: req.method ?? 'POST', headers, body })
        .then(async (answer) => {
          const text = Buffer.from(await answer.arrayBuffer());
          captured.push({ headers, body, status: answer.status });
          res.writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'text/plain',
          });
          res.end(text);
        })
        .catch(() => res.writeHead(599).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    captured,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
