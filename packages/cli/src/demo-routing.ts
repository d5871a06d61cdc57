import {
  type CreatePaymentLinkInput,
  createPaymentLinks,
  parseDecimal,
  uncheckedConfig,
} from '@paylinks/core';
import { createRouter, type RouteRule } from '@paylinks/router';
import * as E from 'fp-ts/lib/Either.js';

import { adapters, providerIds, type ProviderId } from './registry.js';
import type { RunningSimulator } from './simulators.js';

/** One invoice per currency, and the provider its rule sends it to first. */
export const routedInvoices: ReadonlyArray<{
  readonly currency: string;
  readonly amount: string;
  readonly home: ProviderId;
}> = [
  { currency: 'EUR', amount: '99.95', home: 'costplus' },
  { currency: 'CLP', amount: '49990', home: 'conomy' },
  { currency: 'USD', amount: '49.95', home: 'hsa-provider' },
];

/** What the demo shows for one routed invoice. */
export interface RoutedInvoice {
  readonly currency: string;
  readonly reference: string;
  readonly rule: string;
  /** Providers the router would try, in order. */
  readonly order: ReadonlyArray<string>;
  readonly provider: string;
  /** The router's link id, `<provider>:<provider's id>`. */
  readonly linkId: string;
  /** The provider's status for the link, after fetching it back by the router id. */
  readonly status: string;
}

/**
 * Routes one invoice per currency over the running simulators with
 * `createRouter` (rules as data: each currency to its provider, the others
 * behind it), and fetches each link back through the router by its id.
 */
export async function routeInvoices(
  simulators: ReadonlyArray<RunningSimulator>,
  invoiceNumber: string,
  storefront: { readonly successUrl: string; readonly failureUrl: string },
): Promise<ReadonlyArray<RoutedInvoice>> {
  const running = providerIds.filter((id) => simulators.some((s) => s.provider === id));
  const providers = running.map((id) => {
    const simulator = simulators.find((s) => s.provider === id) as RunningSimulator;
    return createPaymentLinks(uncheckedConfig({ provider: id, [id]: simulator.adapterSettings() }), adapters)
      .provider;
  });
  const rules: RouteRule[] = routedInvoices
    .filter((invoice) => running.includes(invoice.home))
    .map((invoice) => ({
      name: `${invoice.currency.toLowerCase()}-to-${invoice.home}`,
      when: { currency: [invoice.currency] },
      use: [invoice.home, ...running.filter((id) => id !== invoice.home)],
    }));
  const router = createRouter({ providers, rules });
  const out: RoutedInvoice[] = [];
  for (const invoice of routedInvoices.filter((i) => running.includes(i.home))) {
    const reference = `${invoiceNumber}-${invoice.currency}`;
    const amount = parseDecimal(invoice.amount, invoice.currency);
    if (E.isLeft(amount)) throw new Error(amount.left.message);
    const input: CreatePaymentLinkInput = {
      reference,
      amount: amount.right,
      description: `Invoice ${reference}`,
      successUrl: storefront.successUrl,
      failureUrl: storefront.failureUrl,
      providerOptions: { conomy: { checkoutToken: reference } },
    };
    const explanation = router.explain(input);
    const link = await router.create(input);
    const fetched = await router.get(link.id);
    out.push({
      currency: invoice.currency,
      reference,
      rule: explanation.rule ?? '(fallback)',
      order: explanation.order,
      provider: link.provider,
      linkId: link.id,
      status: `${fetched.status.unified} (${fetched.status.raw})`,
    });
  }
  return out;
}

/** The routed invoices as lines for the demo's output. */
export function formatRoutedInvoices(invoices: ReadonlyArray<RoutedInvoice>): string {
  const width = (f: (r: RoutedInvoice) => string) => Math.max(...invoices.map((r) => f(r).length));
  const w = {
    reference: width((r) => r.reference),
    rule: width((r) => r.rule),
    provider: width((r) => r.provider),
  };
  return [
    'One invoice per currency through createRouter (rules as data; the link id names its provider):',
    ...invoices.map(
      (r) =>
        `  ${r.currency}  ${r.reference.padEnd(w.reference)}  rule ${r.rule.padEnd(w.rule)}  -> ${r.provider.padEnd(w.provider)}  ${r.linkId}  ${r.status}  (would try ${r.order.join(', ')})`,
    ),
  ].join('\n');
}
