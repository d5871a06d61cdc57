import { boundedString } from '@paylinks/core/adapter';
import * as t from 'io-ts';

/** Cost+ address kinds (`customer.address_type`). */
export const CostplusAddressType = t.keyof(
  { customer: null, delivery: null, billing: null },
  'CostplusAddressType',
);
/** Cost+ address kinds; see {@link CostplusAddressType}. */
export type CostplusAddressType = t.TypeOf<typeof CostplusAddressType>;

/** One entry of `customer.additional_addresses` (a delivery or billing address besides the main one). */
export const CostplusAdditionalAddress = t.intersection(
  [
    t.type({ addressType: CostplusAddressType }),
    t.partial({
      /** Street address, may span lines. */
      address: boundedString(1024, 1),
      postalCode: boundedString(32, 1),
      houseNumber: boundedString(32, 1),
      /** ISO 3166-1 alpha-2. */
      country: t.refinement(t.string, (s) => /^[A-Z]{2}$/.test(s), 'CountryCode'),
    }),
  ],
  'CostplusAdditionalAddress',
);
/** One additional address; see {@link CostplusAdditionalAddress}. */
export type CostplusAdditionalAddress = t.TypeOf<typeof CostplusAdditionalAddress>;

/** Customer fields only Cost+ has, under `providerOptions.costplus.customer`. */
export const CostplusCustomerOptions = t.partial(
  {
    /** `customer.address_type`: what the main address is. */
    addressType: CostplusAddressType,
    /** `customer.address` as sent, instead of the one built from `customer.address` lines. */
    address: boundedString(1024, 1),
    /** `customer.phone_numbers`, instead of `[customer.phone]`. */
    phoneNumbers: t.array(boundedString(64, 1)),
    /** `customer.additional_addresses`. */
    additionalAddresses: t.array(CostplusAdditionalAddress),
  },
  'CostplusCustomerOptions',
);
/** Cost+-only customer fields; see {@link CostplusCustomerOptions}. */
export type CostplusCustomerOptions = t.TypeOf<typeof CostplusCustomerOptions>;

/**
 * What `providerOptions.costplus` may hold.
 *
 * @example
 * providerOptions: { costplus: { customer: { addressType: 'billing', additionalAddresses: [{ addressType: 'delivery', address: 'Kade 1', country: 'NL' }] } } }
 */
export const CostplusProviderOptions = t.partial(
  { customer: CostplusCustomerOptions },
  'CostplusProviderOptions',
);
/** What `providerOptions.costplus` may hold; see {@link CostplusProviderOptions}. */
export type CostplusProviderOptions = t.TypeOf<typeof CostplusProviderOptions>;
