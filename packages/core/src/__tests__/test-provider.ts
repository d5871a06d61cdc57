import * as TE from 'fp-ts/lib/TaskEither.js';

import { unsupportedError } from '../errors.js';
import type { Capabilities, PaymentLinkProvider } from '../provider.js';

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
