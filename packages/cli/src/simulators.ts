import { startConomySimulator } from '@paylinks/conomy/simulator';
import { startCostplusSimulator } from '@paylinks/costplus/simulator';
import type { ProviderSimulator, SimulatorOptions } from '@paylinks/core/testing';

import type { ProviderId } from './registry.js';

/** A running simulator; those that take one webhook URL per account (Conomy, HSA) can be told it. */
export interface RunningSimulator extends ProviderSimulator {
  /** Registers the account's webhook URL, as the provider's dashboard would. */
  setWebhookUrl?(url: string | undefined): void;
}

/** Starts one provider's simulator. */
export type SimulatorStarter = (options: SimulatorOptions) => Promise<RunningSimulator>;

/** The simulator of each provider. */
export const simulatorStarters: Readonly<Partial<Record<ProviderId, SimulatorStarter>>> = {
  costplus: startCostplusSimulator,
  conomy: startConomySimulator,
};

/** Starts the simulator of one provider. */
export function startSimulator(
  provider: ProviderId,
  options: SimulatorOptions = {},
): Promise<RunningSimulator> {
  const start = simulatorStarters[provider];
  if (start === undefined) return Promise.reject(new Error(`no simulator for ${provider} yet`));
  return start(options);
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
