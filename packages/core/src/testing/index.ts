export { renderCheckoutPage, submitCheckout, type CheckoutView } from './checkout-page.js';
export { startDroppingServer } from './drop-server.js';
export { expectLeft, expectRight } from './expect-either.js';
export { FaultQueue, type SimulatorFault } from './fault-queue.js';
export { fixtures, type Fixtures } from './fixtures.js';
export { ManualClock } from './manual-clock.js';
export type { ProviderSimulator, SimulatorOptions } from './provider-simulator.js';
export {
  startSimulatorServer,
  type SimRequest,
  type SimResponse,
  type SimulatorServer,
  type SimulatorServerOptions,
} from './simulator-server.js';
export { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver.js';
export { WebhookSender, type WebhookDelivery, type WebhookSenderOptions } from './webhook-sender.js';
