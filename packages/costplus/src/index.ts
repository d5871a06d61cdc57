export {
  costplus,
  costplusCapabilities,
  type CostplusAdapter,
  type CostplusProvider,
} from './costplus-provider.js';
export {
  CostplusSettings,
  costplusDefaultBaseUrl,
  costplusLegacyBaseUrl,
  type LinkIdLookup,
} from './costplus-settings.js';
export {
  CostplusAddressType,
  CostplusAdditionalAddress,
  CostplusCustomerOptions,
  CostplusProviderOptions,
} from './costplus-options.js';
export type { CostplusOrderDetails } from './convert-from-costplus-link.js';
export { costplusMaxAttempts, mapCostplusOrderStatus, mapCostplusStatus } from './map-costplus-status.js';
export { costplusWebhookRequest, parseCostplusWebhook } from './costplus-webhook.js';
export { costplusCodeTags, readCostplusError } from './costplus-error.js';
export { costplusProviderId } from './costplus-provider-id.js';
