import * as t from 'io-ts';

/**
 * Create options only the HSA/FSA provider has, passed as
 * `providerOptions: { 'hsa-provider': { ... } }`.
 *
 * @example
 * { providerOptions: { 'hsa-provider': { paymentType: 'subscription' } }, subscription: { interval: 'month' } }
 */
export const HsaCreateOptions = t.partial(
  {
    /**
     * `payment_type`, when you want to state it: `one_time` (must come without a
     * `subscription`) or `subscription` (must come with one). By default it follows
     * whether the input has a `subscription`.
     */
    paymentType: t.keyof({ one_time: null, subscription: null }),
  },
  'HsaCreateOptions',
);
/** Create options of the HSA/FSA provider; see {@link HsaCreateOptions}. */
export type HsaCreateOptions = t.TypeOf<typeof HsaCreateOptions>;

/**
 * List filters only the HSA/FSA provider has, passed as
 * `providerFilters: { 'hsa-provider': { payment_type: 'subscription' } }`.
 */
export const HsaListFilters = t.partial(
  {
    /** Only `one_time` or only `subscription` links. */
    payment_type: t.keyof({ one_time: null, subscription: null }),
  },
  'HsaListFilters',
);
/** List filters of the HSA/FSA provider; see {@link HsaListFilters}. */
export type HsaListFilters = t.TypeOf<typeof HsaListFilters>;
