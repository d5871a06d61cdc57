// Routed link ids: `<provider>:<id>`, so later calls find the provider holding a link.
import type { PaymentLink } from '@paylinks/core/adapter';

/**
 * The id a router gives a link: `<provider>:<provider's id>`
 * (`conomy:6650f1c2...`). The provider's own id stays in `link.raw`.
 *
 * @example
 * routedLinkId('hsa-provider', 'plink_abc123') // 'hsa-provider:plink_abc123'
 */
export function routedLinkId(provider: string, id: string): string {
  return `${provider}:${id}`;
}

/**
 * Splits a router link id into its provider and the provider's id;
 * `undefined` when the part before the first `:` is not one of `providers`.
 */
export function parseRoutedLinkId(
  id: string,
  providers: ReadonlyArray<string>,
): { readonly provider: string; readonly id: string } | undefined {
  const at = id.indexOf(':');
  if (at <= 0) return undefined;
  const provider = id.slice(0, at);
  return providers.includes(provider) ? { provider, id: id.slice(at + 1) } : undefined;
}

/** The link as a router hands it out: its id carries the provider that holds it. */
export function withRoutedId(provider: string, link: PaymentLink): PaymentLink {
  return { ...link, id: routedLinkId(provider, link.id) };
}
