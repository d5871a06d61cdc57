export {
  startConomySimulator,
  type ConomyLoggedRequest,
  type ConomySimulator,
  type ConomySimulatorCredentials,
  type ConomySimulatorOptions,
  type ConomySimulatorSettings,
} from './conomy-simulator.js';
export { conomyError, conomyErrorForStatus, conomyErrors, type ConomyErrorType } from './sim-errors.js';
export type { AmountFormat } from './sim-wire.js';
export { conomyDescriptor } from './conomy-descriptor.js';
