export { runCli, cliVersion } from './cli.js';
export type { CliIo, CliOutput } from './cli-io.js';
export { CliError } from './cli-error.js';
export { ExitCode, exitCodeFor } from './exit-codes.js';
export {
  describeFailure,
  flagForField,
  createFieldFlags,
  listFieldFlags,
  type FieldFlags,
} from './describe-failure.js';
export { encodeLink, formatLink, formatLinkTable, formatStatus, formatAttempts } from './format-link.js';
export {
  configFileName,
  knownSecrets,
  openClient,
  resolveConfig,
  settingFlags,
  type ProviderFlags,
  type ResolvedConfig,
} from './resolve-config.js';
export {
  adapters,
  descriptorOf,
  descriptors,
  providerIds,
  isProviderId,
  type ProviderId,
  type RegisteredDescriptor,
} from './registry.js';
export {
  simulatorCredentials,
  simulatorStarters,
  startSimulator,
  type RunningSimulator,
} from './simulators.js';
export {
  sellInvoice,
  SaleError,
  type Invoice,
  type Payer,
  type Sale,
  type Storefront,
  type TimelineEntry,
  type WebhookInbox,
} from './demo-app.js';
export { formatTimelines, rawAmount, timelineLines } from './demo-timeline.js';
export { demoInvoice, runDemo, type DemoOptions } from './demo-run.js';
