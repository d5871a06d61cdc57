import type { ManualClock, SimResponse } from '@paylinks/testing';

import type { SimError } from './sim-errors.js';
import type { HsaEvents } from './sim-events.js';
import type { HsaLinkStore } from './sim-state.js';
import type { WireOptions } from './sim-wire.js';

/** What the routes and the hosted page share. */
export interface HsaSimContext {
  readonly clock: ManualClock;
  readonly store: HsaLinkStore;
  readonly events: HsaEvents;
  readonly wire: WireOptions;
  readonly acceptsCurrency: (upperCaseCode: string) => boolean;
  /** An error answer in the envelope chosen now. */
  fail(error: SimError, headers?: Readonly<Record<string, string>>): SimResponse;
}
