import * as t from 'io-ts';

/**
 * Create options only the HSA/FSA provider has, passed as
 * `providerOptions: { 'hsa-provider': { ... } }`.
 *
 * @example
 * { providerOptions: { 'hsa-provider': { paymentType: 'subscription' } }, subscription: { interval: 'month' } }
 */
export const HsaProviderOptions = t.partial(
  {
    /**
     * `payment_type`, when you want to state it: `one_time` (must come without a
     * `subscription`) or `subscription` (must come with one). By default it follows
     * whether the input has a `subscription`.
     */
    paymentType: t.keyof({ one_time: null, subscription: null }),
  },
  'HsaProviderOptions',
);
/** Create options of the HSA/FSA provider; see {@link HsaProviderOptions}. */
export type HsaProviderOptions = t.TypeOf<typeof HsaProviderOptions>;

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
