export {
  costplusWebhookRetryDelaysMs,
  costplusWebhookTimeoutMs,
  startCostplusSimulator,
  type CostplusSimulator,
  type CostplusSimulatorOptions,
  type CostplusSimulatorSettings,
} from './costplus-simulator.js';
export { maxAttemptsPerLink } from './sim-state.js';
export { costplusDescriptor } from './costplus-descriptor.js';
