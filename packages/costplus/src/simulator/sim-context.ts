import type { ManualClock } from '@paylinks/testing';

import type { LinkStore, SimLink, SimOrder } from './sim-state.js';

/** What the API routes and the hosted page share. */
export interface CostplusSimContext {
  readonly clock: ManualClock;
  readonly store: LinkStore;
  readonly apiKey: string;
  /** `http://127.0.0.1:<port>`, known once the server listens. */
  origin(): string;
  /** Sends the webhooks an order's status change calls for. */
  notify(link: SimLink, order: SimOrder): void;
}
