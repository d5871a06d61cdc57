/**
 * `@paylinks/testing`: the simulator kit adapters' simulators are built on (server, faults,
 * webhook sender and receiver, idempotency store, manual clock, checkout page, hostile requests),
 * and helpers for tests (expectRight / expectLeft, fixtures, README examples run as written).
 * It loads no test runner: the conformance suite, which does, is `@paylinks/testing/conformance`.
 *
 * Every name is listed here on purpose; `surface.test.ts` pins the list.
 */
export {
  defineDescriptor,
  type AdapterDescriptor,
  type AnyAdapterDescriptor,
  type DescriptorSimulatorOptions,
} from './adapter-descriptor.js';
export { AfterProcessingFaults, malformedBody } from './after-processing-faults.js';
export { bareCapabilities } from './bare-capabilities.js';
export { BoundedLog, defaultLogSize } from './bounded-log.js';
export {
  checkoutRedirect,
  locationHeaderValue,
  renderCheckoutPage,
  submitCheckout,
  type CheckoutView,
} from './checkout-page.js';
export { startDroppingServer } from './drop-server.js';
export { expectLeft, expectRight } from './expect-either.js';
export { FaultQueue, type SimulatorFault } from './fault-queue.js';
export { fixtures, type Fixtures } from './fixtures.js';
export {
  createThroughTarget,
  hostileRedirectUrls,
  hostileRequests,
  probeSimulator,
  sendHostileRequests,
  sendRawRequest,
  type HostileOutcome,
  type HostileProbe,
  type HostileReport,
  type HostileRequest,
  type HostileTarget,
} from './hostile-requests.js';
export { IdempotencyStore, type IdempotencyStoreOptions } from './idempotency-store.js';
export { ManualClock } from './manual-clock.js';
export type { ProviderSimulator, SimulatorOptions } from './provider-simulator.js';
export {
  startSimulatorServer,
  type SimulatorServer,
  type SimulatorServerOptions,
} from './simulator-server.js';
export type { SimRequest, SimResponse } from './sim-messages.js';
export { timeBudgetMs } from './time-budget.js';
export { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver.js';
export { WebhookSender, type WebhookDelivery, type WebhookSenderOptions } from './webhook-sender.js';
export { tamperWebhookBody } from './tamper-webhook.js';
export {
  readmeExamples,
  runReadmeExample,
  type ReadmeExampleOptions,
  type RunReadmeExampleOptions,
} from './readme-examples.js';
export { externalImportsOf } from './entry-imports.js';
