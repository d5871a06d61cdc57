import { startConomySimulator } from '@paylinks/conomy/simulator';
import type { ProviderSimulator, SimulatorOptions } from '@paylinks/testing';
import { startCostplusSimulator } from '@paylinks/costplus/simulator';
import { startHsaSimulator } from '@paylinks/hsa-provider/simulator';

import type { ProviderId } from './registry.js';

/** A running simulator of any of the three providers. */
export type RunningSimulator = ProviderSimulator;

/** Starts one provider's simulator. */
export type SimulatorStarter = (options: SimulatorOptions) => Promise<RunningSimulator>;

/** The simulator of each provider. */
export const simulatorStarters: Readonly<Record<ProviderId, SimulatorStarter>> = {
  costplus: startCostplusSimulator,
  conomy: startConomySimulator,
  'hsa-provider': startHsaSimulator,
};

/** Starts the simulator of one provider. */
export function startSimulator(
  provider: ProviderId,
  options: SimulatorOptions = {},
): Promise<RunningSimulator> {
  return simulatorStarters[provider](options);
}

/**
 * The settings a simulator hands out for its adapter, as plain data: the
 * functions (`now`) are left out, so the result prints as JSON and can be
 * used as the provider's section of a configuration.
 */
export function simulatorCredentials(simulator: ProviderSimulator): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(simulator.adapterSettings()).filter(([, value]) => typeof value !== 'function'),
  );
}
