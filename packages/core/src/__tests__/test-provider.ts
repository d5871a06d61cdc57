import * as TE from 'fp-ts/lib/TaskEither.js';

import { unsupportedError } from '../errors.js';
import type { PaymentLink } from '../model.js';
import type { Capabilities, PaymentLinkProvider } from '../provider.js';
import { linkStatus } from '../status.js';

/** Capabilities with every operation and feature off (tests turn on what they use). */
export const noCapabilities: Capabilities = {
  list: false,
  cancel: false,
  activate: false,
  delete: false,
  subscriptions: false,
  lineItems: false,
  metadata: false,
  idempotency: false,
  signedWebhooks: false,
  webhookUrlPerLink: true,
  reconcile: false,
};

/** A provider whose create and get fail as unsupported, with `overrides` on top. */
export function testProvider(overrides: Partial<PaymentLinkProvider> = {}): PaymentLinkProvider {
  const unsupported = (operation: string) =>
    TE.left(
      unsupportedError({ provider: 'test', operation, feature: operation, message: `no ${operation}` }),
    );
  return {
    id: 'test',
    capabilities: noCapabilities,
    create: () => unsupported('create'),
    get: () => unsupported('get'),
    ...overrides,
  };
}

/** An open 1.00 EUR link of the provider `fake` (or the one given). */
export const testLink = (id: string, provider = 'fake'): PaymentLink => ({
  provider,
  id,
  amount: { amount: 100, currency: 'EUR' } as PaymentLink['amount'],
  status: linkStatus('open', 'new'),
  attempts: { items: [], count: 0 } as unknown as PaymentLink['attempts'],
  redirects: {},
  metadata: {},
  raw: {},
});
