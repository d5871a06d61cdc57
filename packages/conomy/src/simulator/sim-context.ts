import type { ManualClock } from '@paylinks/testing';

import type { ConomyLinkStore, SimLink, SimTransaction } from './sim-state.js';
import type { SimTokens } from './sim-tokens.js';
import type { AmountFormat } from './sim-wire.js';

/** What the routes and the checkout page share. */
export interface ConomySimContext {
  readonly clock: ManualClock;
  readonly store: ConomyLinkStore;
  readonly tokens: SimTokens;
  readonly credentials: { readonly apiKey: string; readonly clientId: string; readonly clientSecret: string };
  /** `expiresIn` of issued tokens, in seconds. */
  readonly tokenLifetimeSeconds: number;
  readonly amountFormat: AmountFormat;
  /** Page size when a list names none. */
  readonly defaultPageSize: number;
  /** A link's checkout page. */
  checkoutUrl(checkoutToken: string): string;
  /** Sends a signed `Transaction.*` webhook to the environment's webhook URL, if one is set. */
  notify(link: SimLink, transaction: SimTransaction, event: string): void;
}
