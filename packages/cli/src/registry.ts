import type { PaymentLinkAdapter } from '@paylinks/core';
import { conomy } from '@paylinks/conomy';
import { costplus } from '@paylinks/costplus';
import { hsaProvider } from '@paylinks/hsa-provider';

/** An adapter id: `costplus`, `conomy` or `hsa-provider`. */
export type ProviderId = 'costplus' | 'conomy' | 'hsa-provider';

/** The adapters `paylinks` can talk to, by id: the keys of a configuration object. */
export const adapters: {
  readonly costplus: typeof costplus;
  readonly conomy: typeof conomy;
  readonly 'hsa-provider': typeof hsaProvider;
} = {
  costplus,
  conomy,
  'hsa-provider': hsaProvider,
} satisfies Readonly<Record<ProviderId, PaymentLinkAdapter<never>>>;

/** Every adapter id, in the order the CLI lists them. */
export const providerIds: ReadonlyArray<ProviderId> = ['costplus', 'conomy', 'hsa-provider'];

/** Whether a string names a known adapter. */
export function isProviderId(value: string): value is ProviderId {
  return (providerIds as ReadonlyArray<string>).includes(value);
}
