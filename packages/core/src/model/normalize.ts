// validCustomer / validLineItem: provider values mapped into the model without ever making an invalid link.
import type * as t from 'io-ts';

import { Address, Customer, LineItem, LineItemTax } from './model.js';

/** What an adapter read off a provider's line item, before core's checks. */
export interface LineItemCandidate {
  readonly name?: unknown;
  readonly quantity: LineItem['quantity'];
  readonly unitAmount: LineItem['unitAmount'];
  readonly id?: unknown;
  readonly description?: unknown;
  readonly tax?: unknown;
  readonly hsaFsaEligible?: unknown;
}

function keepValid(props: t.Props, candidate: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in candidate) {
    const value = candidate[key];
    const codec = Object.hasOwn(props, key) ? props[key] : undefined;
    if (value !== undefined && value !== null && codec !== undefined && codec.is(value)) out[key] = value;
  }
  return out;
}

/**
 * The fields of a provider's customer that core's {@link Customer} accepts
 * (an e-mail that is not one, a 300-character name, are left out: the link's
 * `raw` keeps them); `undefined` when nothing is left. Adapters map answers
 * through it so a provider's odd value never makes an invalid `PaymentLink`.
 */
export function validCustomer(candidate: Readonly<Record<string, unknown>>): Customer | undefined {
  const out = keepValid(Customer.props, candidate);
  const address = candidate['address'];
  if (out['address'] === undefined && typeof address === 'object' && address !== null) {
    const kept = keepValid(Address.props, address as Record<string, unknown>);
    if (Object.keys(kept).length > 0) out['address'] = kept;
  }
  return Object.keys(out).length > 0 ? (out as Customer) : undefined;
}

/**
 * A provider's line item as core's {@link LineItem}: a missing or blank name
 * becomes `Item <n>`, a name over 255 characters is cut, and optional fields
 * core refuses (a blank id, a tax without a usable shape) are left out; the
 * link's `raw` keeps the provider's own values.
 */
export function validLineItem(candidate: LineItemCandidate, index: number): LineItem {
  const text = typeof candidate.name === 'string' ? candidate.name : '';
  const name = text.trim() === '' ? `Item ${index + 1}` : text.slice(0, 255);
  const item: LineItem = { name, quantity: candidate.quantity, unitAmount: candidate.unitAmount };
  const optional = keepValid(
    (LineItem.types[1] as t.PartialType<t.Props>).props,
    candidate as unknown as Record<string, unknown>,
  );
  Object.assign(item, optional);
  if (optional['tax'] === undefined && typeof candidate.tax === 'object' && candidate.tax !== null) {
    const tax = keepValid(
      {
        ...(LineItemTax.types[0] as t.InterfaceType<t.Props>).props,
        ...(LineItemTax.types[1] as t.PartialType<t.Props>).props,
      },
      candidate.tax as Record<string, unknown>,
    );
    if (LineItemTax.is(tax)) item.tax = tax;
  }
  return item;
}
