export { hsaCodeTags, readHsaError } from './hsa-error.js';
export { HsaProviderOptions, HsaListFilters } from './hsa-options.js';
export {
  buildHsaListQuery,
  hsaCapabilities,
  hsaMaxCancelReasonLength,
  hsaMaxPageSize,
  hsaProvider,
  type HsaAdapter,
  type HsaProvider,
} from './hsa-provider.js';
export { hsaProviderId } from './hsa-provider-id.js';
export {
  defaultReferenceMetadataKey,
  hsaDefaultBaseUrl,
  hsaKeyMode,
  HsaProviderSettings,
  HsaSettings,
  type HsaKeyMode,
} from './hsa-settings.js';
export {
  hsaSignatureHeader,
  mapHsaEventType,
  parseHsaWebhook,
  signHsaWebhook,
  type HsaWebhookOptions,
} from './hsa-webhook.js';
export { mapHsaStatus, mapHsaOrderStatus } from './map-hsa-status.js';
