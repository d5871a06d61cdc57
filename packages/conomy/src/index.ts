export { conomy, conomyCapabilities, type ConomyAdapter } from './conomy-provider.js';
export {
  conomyCheckoutToken,
  conomyMaxCheckoutTokenLength,
  referenceFromCheckoutToken,
} from './conomy-checkout-token.js';
export {
  ConomySettings,
  conomyPackageVersion,
  conomyRetryPolicy,
  conomySandboxUrl,
  conomySecretSettings,
  defaultConomyDurationSeconds,
  defaultConomyUserAgent,
  minConomyDurationSeconds,
  type ConomyCredentials,
} from './conomy-settings.js';
export { ConomyProviderOptions } from './conomy-options.js';
export { conomyMaxPageSize } from './convert-to-conomy-request.js';
export { conomyCodeTags, readConomyError } from './conomy-error.js';
export { mapConomyStatus, conomyStatusesFor } from './map-conomy-status.js';
export {
  conomySignatureHeader,
  conomyWebhookSignature,
  parseConomyWebhook,
  signConomyWebhook,
  type ConomyWebhookPayload,
} from './conomy-webhook.js';
export { conomyProviderId } from './conomy-provider-id.js';
