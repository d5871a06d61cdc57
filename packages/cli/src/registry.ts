// The adapter registry: every adapter the CLI, the demo, `paylinks simulate` and the shared suites know.
import { conomyDescriptor } from '@paylinks/conomy/simulator';
import { costplusDescriptor } from '@paylinks/costplus/simulator';
import { hsaDescriptor } from '@paylinks/hsa-provider/simulator';

/**
 * Every adapter's descriptor, in the order the CLI lists them: one line per
 * adapter, the only line adding an adapter changes (`pnpm new-adapter` adds it).
 */
export const descriptors = [
  costplusDescriptor,
  conomyDescriptor,
  hsaDescriptor,
  // new-adapter: descriptors above this line
] as const;

/** One registered adapter's descriptor. */
export type RegisteredDescriptor = (typeof descriptors)[number];

/** An adapter id: `costplus`, `conomy`, `hsa-provider`, or one added since. */
export type ProviderId = RegisteredDescriptor['id'];

/** The adapters `paylinks` can talk to, by id: the keys of a configuration object. */
export const adapters: { readonly [D in RegisteredDescriptor as D['id']]: D['adapter'] } = Object.fromEntries(
  descriptors.map((d) => [d.id, d.adapter]),
) as never;

/** Every adapter id, in the order the CLI lists them. */
export const providerIds: ReadonlyArray<ProviderId> = descriptors.map((d) => d.id);

/** Whether a string names a known adapter. */
export function isProviderId(value: string): value is ProviderId {
  return (providerIds as ReadonlyArray<string>).includes(value);
}

/** The descriptor of one registered adapter. */
export function descriptorOf<Id extends ProviderId>(id: Id): Extract<RegisteredDescriptor, { id: Id }> {
  return descriptors.find((d) => d.id === id) as Extract<RegisteredDescriptor, { id: Id }>;
}
