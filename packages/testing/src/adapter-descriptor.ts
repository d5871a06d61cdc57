// AdapterDescriptor: what an adapter package says about itself to tools and shared test suites.
import type { Capabilities, CreatePaymentLinkInput, PaymentLinkProvider } from '@paylinks/core';
import type { PaymentLinkAdapter } from '@paylinks/core/adapter';

import type { ProviderSimulator, SimulatorOptions } from './provider-simulator.js';

/** What a descriptor's `startSimulator` takes: the kit's options and the suites' needs. */
export interface DescriptorSimulatorOptions extends SimulatorOptions {
  /**
   * The caller sends many requests (a suite, a load run): a simulator that
   * enforces a documented rate limit lifts it. Default `false`.
   */
  readonly heavyTraffic?: boolean;
}

/**
 * One adapter described for tools (the CLI, `paylinks simulate`, the demo)
 * and the shared suites (reliability, ingress): the only thing they know of
 * an adapter. Each adapter's `/simulator` entry exports one; the CLI's
 * registry lists them.
 */
export interface AdapterDescriptor<
  Id extends string = string,
  S = never,
  A extends PaymentLinkAdapter<S> = PaymentLinkAdapter<S>,
> {
  /** Adapter id: the key of its settings in a configuration. */
  readonly id: Id;
  /** Name people know the provider by ("Cost+"). */
  readonly displayName: string;
  /** The adapter factory. */
  readonly adapter: A;
  /** What the provider can take. */
  readonly capabilities: Capabilities;
  /**
   * Settings the factory accepts that send nothing anywhere (placeholder
   * credentials): `paylinks check` builds the adapter from them to run its
   * checks offline.
   */
  readonly offlineSettings: S;
  /** The adapter's settings flags beyond `apiKey` and `baseUrl` (e.g. `webhookSecret`). */
  readonly extraSettings: ReadonlyArray<string>;
  /** Starts the provider's simulator. */
  startSimulator(options?: DescriptorSimulatorOptions): Promise<ProviderSimulator>;
  /** Builds a client-side provider talking to a running simulator. */
  providerFor(sim: ProviderSimulator, overrides?: Readonly<Record<string, unknown>>): PaymentLinkProvider;
  /** A create input the provider takes, for `reference` (currency, required fields filled). */
  sampleInput(reference: string): CreatePaymentLinkInput;
  /**
   * How webhooks reach an endpoint: `per-link` (the input's `webhookUrl`) or
   * `account` (the simulator's `setWebhookUrl`, as the provider's dashboard).
   */
  readonly webhookRouting: 'per-link' | 'account';
}

/** Any adapter's descriptor, whatever its settings type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAdapterDescriptor = AdapterDescriptor<string, any, PaymentLinkAdapter<any>>;

/**
 * Builds a descriptor from the adapter's parts: `startSimulator` passes the
 * kit's options to `start` (with `heavyTrafficOptions` added when the caller
 * sends many requests), and `providerFor` builds the adapter from the
 * simulator's own settings.
 *
 * @example
 * export const costplusDescriptor = defineDescriptor({ id: 'costplus', adapter: costplus, start: startCostplusSimulator, ... })
 */
export function defineDescriptor<
  Id extends string,
  S,
  A extends PaymentLinkAdapter<S>,
  O extends SimulatorOptions,
>(
  parts: Omit<AdapterDescriptor<Id, S, A>, 'startSimulator' | 'providerFor'> & {
    /** The simulator's start function. */
    readonly start: (options: O) => Promise<ProviderSimulator>;
    /** What `start` needs beyond the kit's options when the caller sends many requests. */
    readonly heavyTrafficOptions?: Omit<O, keyof SimulatorOptions>;
  },
): AdapterDescriptor<Id, S, A> {
  const { start, heavyTrafficOptions, ...rest } = parts;
  return {
    ...rest,
    startSimulator: ({ heavyTraffic, ...options } = {}) =>
      start({ ...options, ...(heavyTraffic === true ? heavyTrafficOptions : {}) } as O),
    providerFor: (sim, overrides = {}) =>
      (parts.adapter as (settings: unknown) => PaymentLinkProvider)({
        ...sim.adapterSettings(),
        ...overrides,
      }),
  };
}
