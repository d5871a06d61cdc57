// Capabilities with everything off, for tests and simulators to spread and override.
import type { Capabilities } from '@paylinks/core/adapter';

/**
 * Capabilities with every operation and feature off and no requirement, for
 * tests of code that takes a provider (a router, a check): spread it and
 * switch on what the test needs.
 *
 * @example
 * const provider = { id: 'fake', capabilities: { ...bareCapabilities, list: true }, create, get }
 */
export const bareCapabilities: Capabilities = {
  requires: [],
  refuses: [],
  list: false,
  cancel: false,
  activate: false,
  delete: false,
  subscriptions: false,
  lineItems: false,
  metadata: false,
  idempotency: false,
  signedWebhooks: false,
  webhookUrlPerLink: false,
  reconcile: false,
};
