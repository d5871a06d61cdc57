export {
  startHsaSimulator,
  type HsaSimEvent,
  type HsaSimulator,
  type HsaSimulatorOptions,
  type HsaSimulatorSettings,
} from './hsa-simulator.js';
export type { ErrorEnvelope } from './sim-errors.js';
export { hsaDescriptor } from './hsa-descriptor.js';
