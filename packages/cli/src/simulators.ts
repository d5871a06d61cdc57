import { startConomySimulator } from '@paylinks/conomy/simulator';
import type { ProviderSimulator, SimulatorOptions } from '@paylinks/core/testing';
import { startCostplusSimulator } from '@paylinks/costplus/simulator';
import { startHsaSimulator } from '@paylinks/hsa-provider/simulator';

import type { ProviderId } from './registry.js';

/** A running simulator; those that take one webhook URL per account (Conomy, HSA) can be told it. */
export interface RunningSimulator extends ProviderSimulator {
  /** Registers the account's webhook URL, as the provider's dashboard would. */
  setWebhookUrl?(url: string | undefined): void;
}

/** Starts one provider's simulator. */
export type SimulatorStarter = (options: SimulatorOptions) => Promise<RunningSimulator>;

/** The HSA simulator registers endpoints (a list, as its dashboard does); here it holds the one given. */
async function startHsa(options: SimulatorOptions): Promise<RunningSimulator> {
  const simulator = await startHsaSimulator(options);
  let registered: string | undefined;
  return Object.assign(simulator, {
    setWebhookUrl(url: string | undefined) {
      if (registered !== undefined) simulator.removeWebhookEndpoint(registered);
      registered = url;
      if (url !== undefined) simulator.addWebhookEndpoint(url);
    },
  });
}

/** The simulator of each provider. */
export const simulatorStarters: Readonly<Record<ProviderId, SimulatorStarter>> = {
  costplus: startCostplusSimulator,
  conomy: startConomySimulator,
  'hsa-provider': startHsa,
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
