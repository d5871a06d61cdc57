// ProviderSimulator: what every adapter's simulator offers its tests.
import type { FaultQueue } from './fault-queue.js';
import type { HostileTarget } from './hostile-requests.js';
import type { ManualClock } from './manual-clock.js';
import type { WebhookSender } from './webhook-sender.js';

/**
 * What every provider simulator offers, so one conformance suite, the demo
 * and your own tests can drive any of them.
 */
export interface ProviderSimulator {
  /** Adapter id this simulator stands in for. */
  readonly provider: string;
  /** The adapter's `baseUrl` setting for this simulator. */
  readonly baseUrl: string;
  /** The simulator's clock (expiry, webhook timestamps). */
  readonly clock: ManualClock;
  /** Faults for the next API requests. */
  readonly faults: FaultQueue;
  /** Outgoing webhooks and their tries. */
  readonly webhooks: WebhookSender;
  /**
   * Ready adapter settings: credentials, `baseUrl`, `now` (and webhook secret
   * where signed). Each simulator narrows this to its adapter's settings type,
   * so `costplus(sim.adapterSettings())` type-checks.
   */
  adapterSettings(options?: { readonly invalidCredentials?: boolean }): object;
  /**
   * Sets the account-wide webhook URL, as the provider's dashboard does, for
   * providers without a per-link `webhookUrl` (Conomy, HSA); `undefined` clears it.
   */
  setWebhookUrl?(url: string | undefined): void;
  /** Makes an attempt on the hosted page at `linkUrl`, over HTTP. */
  checkout(linkUrl: string, outcome: 'success' | 'failure'): Promise<{ status: number; location?: string }>;
  /**
   * Paths, a valid create body and working credentials, for sending
   * {@link hostileRequests} that reach the simulator's handlers.
   */
  hostileTarget?(): Promise<HostileTarget>;
  /**
   * Resolves once no API request sent so far can still take a queued fault or
   * change state: idle connections are closed (a request its client gave up
   * on, still unread in one, is then never processed, as when a connection
   * dies on the way) and every request already read has reached its handler.
   * A test that reconciles after an ambiguous outcome, or injects faults for
   * the next call after a timed-out one, waits for this instead of sleeping.
   */
  quiesce(): Promise<void>;
  /** Counters. */
  stats(): { readonly apiRequests: number; readonly linksCreated: number };
  /** Stops the server and pending webhook retries. */
  close(): Promise<void>;
}

/** Options every simulator's start function takes. */
export interface SimulatorOptions {
  /** Interface (default 127.0.0.1). */
  readonly host?: string;
  /** Port (default 0: any free port). */
  readonly port?: number;
  /** Clock (default a {@link ManualClock} at the real time). */
  readonly clock?: ManualClock;
  /** Waits before each webhook retry (default: the provider's documented schedule). */
  readonly webhookRetryDelaysMs?: ReadonlyArray<number>;
  /**
   * Entries each inspection log keeps (requests, events sent, webhook tries),
   * oldest dropped first (default `defaultLogSize`, 1,000; `Infinity` keeps all).
   */
  readonly logSize?: number;
  /** How long a webhook receiver has to answer, per try (default: the provider's documented limit). */
  readonly webhookTimeoutMs?: number | ((attempt: number) => number);
}
