import type { ProviderSimulator, SimulatorOptions } from '@paylinks/testing';

import { descriptorOf, descriptors, type ProviderId } from './registry.js';

/** A running simulator of any registered provider. */
export type RunningSimulator = ProviderSimulator;

/** Starts one provider's simulator. */
export type SimulatorStarter = (options: SimulatorOptions) => Promise<RunningSimulator>;

/** The simulator of each provider, from the registry. */
export const simulatorStarters: Readonly<Record<ProviderId, SimulatorStarter>> = Object.fromEntries(
  descriptors.map((d) => [d.id, (options: SimulatorOptions) => d.startSimulator(options)]),
) as Readonly<Record<string, SimulatorStarter>> as Readonly<Record<ProviderId, SimulatorStarter>>;

/** Starts the simulator of one provider. */
export function startSimulator(
  provider: ProviderId,
  options: SimulatorOptions = {},
): Promise<RunningSimulator> {
  return descriptorOf(provider).startSimulator(options);
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
