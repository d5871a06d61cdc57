import {
  type Capabilities,
  defineAdapter,
  linkDecoder,
  type PaymentLinkAdapter,
  type PaymentLinkProvider,
} from '@paylinks/core/adapter';

import { ConomyLink } from './conomy-api.js';
import { createConomyContext } from './conomy-context.js';
import { createLink } from './conomy-create-link.js';
import { reconcileLink, resolveWebhookLink } from './conomy-find-link.js';
import { deleteLink, linkCall, listLinks } from './conomy-links.js';
import { conomyProviderId } from './conomy-provider-id.js';
import {
  ConomySettings,
  conomySecretSettings,
  defaultConomyDurationSeconds,
  minConomyDurationSeconds,
} from './conomy-settings.js';
import { parseConomyWebhook } from './conomy-webhook.js';
import { convertFromConomyLink } from './convert-from-conomy-link.js';

/**
 * What Conomy can do through this adapter. A create needs a name on every
 * tax, and refuses subscriptions, metadata and a per-link webhook URL (and a
 * `cancelUrl` other than `failureUrl`, see `checkCreateInput`). A provider
 * built with `defaultDurationSeconds` reports that as its `defaultExpiry`.
 */
export const conomyCapabilities: Capabilities = {
  requires: ['lineItems.*.tax.name'],
  refuses: ['subscription', 'metadata', 'webhookUrl'],
  fieldNotes: {
    'lineItems.*.tax.name': 'Conomy names every tax: IVA, VAT',
    subscription: 'Conomy payment links bill once',
    metadata: 'Conomy payment links keep no metadata; the reference travels as the checkoutToken',
    webhookUrl: 'Conomy posts to the one URL registered per environment in its dashboard',
  },
  defaultExpiry: { seconds: defaultConomyDurationSeconds },
  list: true,
  cancel: false,
  activate: true,
  delete: true,
  subscriptions: false,
  lineItems: true,
  metadata: false,
  idempotency: false,
  signedWebhooks: true,
  webhookUrlPerLink: false,
  reconcile: true,
  minExpirySeconds: minConomyDurationSeconds,
};

function createConomyProvider(settings: ConomySettings): PaymentLinkProvider {
  const context = createConomyContext(settings, conomyCapabilities);
  return {
    ...context.self,
    decodeLink: linkDecoder(ConomyLink, conomyProviderId, convertFromConomyLink),
    create: (input, options) => createLink(context, input, options),
    get: (linkId, options) => linkCall(context, 'get', linkId, options),
    list: (query, cursor, options) => listLinks(context, query, cursor, options),
    activate: (linkId, options) => linkCall(context, 'activate', linkId, options),
    delete: (linkId, options) => deleteLink(context, linkId, options),
    reconcile: (reference, options) => reconcileLink(context, reference, options),
    parseWebhook: (request) => parseConomyWebhook(request, settings.webhookSecret),
    resolveWebhookLink: (event, options) => resolveWebhookLink(context, event, options),
  };
}

/** The Conomy adapter factory, with its id and settings codec; see {@link ConomySettings}. */
export type ConomyAdapter = PaymentLinkAdapter<ConomySettings>;

/**
 * The Conomy adapter.
 *
 * @example
 * const provider = conomy({ apiKey, clientId, clientSecret, webhookSecret })
 * const link = await fromProvider(provider).create({
 *   reference: 'invoice-1001', // sent as the checkoutToken
 *   amount: { amount: 49990, currency: 'CLP' },
 *   expiresIn: 'P1D',
 * })
 * link.status.unified // 'open': create activated the link
 */
export const conomy: ConomyAdapter = defineAdapter({
  id: conomyProviderId,
  settings: ConomySettings,
  secretSettings: conomySecretSettings,
  create: createConomyProvider,
});
