import { boundedString } from '@paylinks/core/adapter';
import * as t from 'io-ts';

/**
 * What only Conomy takes on create, under `providerOptions.conomy`.
 *
 * - `checkoutToken`: Conomy's "reference for checkout url", unique per link,
 *   which the link's `reference` reads back from. By default it is derived
 *   from the input's `reference` (see `conomyCheckoutToken`: the reference
 *   itself when it is made of `A-Z a-z 0-9 _ -`); give one to override it.
 * - `activate`: `false` leaves the link a draft (`ATTEMPT`); by default
 *   `create` activates it, so it is payable (`open`) when create answers.
 * - `owner`: `{ identityId, ... }`, the merchant identity owning the link.
 * - `destinations`: Conomy destination objects (`{ type, amount, currency, identity, account }`), sent as given.
 * - `customerRequirements`: customer fields the checkout asks for (`firstName`, `email`, ...).
 * - `customer`: Conomy customer fields (`documentType`, `documentNumber`,
 *   `phoneNumberPrefix`, `address` with an alpha-3 country, ...), merged over
 *   what is mapped from the input's `customer`.
 *
 * @example
 * providerOptions: { conomy: { owner: { identityId: 'idt_1' } } }
 */
export const ConomyProviderOptions = t.partial(
  {
    checkoutToken: boundedString(255, 1, 'CheckoutToken'),
    activate: t.boolean,
    owner: t.intersection([t.type({ identityId: boundedString(255, 1) }), t.UnknownRecord]),
    destinations: t.array(t.UnknownRecord),
    customerRequirements: t.array(boundedString(64, 1)),
    customer: t.UnknownRecord,
  },
  'ConomyProviderOptions',
);
/** What only Conomy takes on create; see {@link ConomyProviderOptions}. */
export type ConomyProviderOptions = t.TypeOf<typeof ConomyProviderOptions>;
