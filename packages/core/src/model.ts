import * as t from 'io-ts';

import {
  boundedString,
  DateFromISOString,
  Email,
  HttpUrl,
  NonEmptyString,
  NonNegativeInt,
  PositiveInt,
} from './codecs.js';
import { Money, MinorUnits } from './money.js';
import { LinkStatus } from './status.js';

/** A postal address. `country` is an ISO 3166-1 alpha-2 code. */
export const Address = t.partial(
  {
    line1: boundedString(255),
    line2: boundedString(255),
    houseNumber: boundedString(32),
    postalCode: boundedString(32),
    city: boundedString(255),
    region: boundedString(255),
    country: t.refinement(t.string, (s) => /^[A-Z]{2}$/.test(s), 'CountryCode'),
  },
  'Address',
);
/** A postal address; see {@link Address}. */
export type Address = t.TypeOf<typeof Address>;

/**
 * The payer, as far as the merchant knows them. Providers use what they
 * support (Cost+ takes all of it, HSA e-mail and names, Conomy e-mail and names).
 */
export const Customer = t.partial(
  {
    /** The merchant's own customer id. */
    id: boundedString(255, 1),
    email: Email,
    firstName: boundedString(255),
    lastName: boundedString(255),
    phone: boundedString(64),
    /** Locale such as `en_GB` or `nl-NL`. */
    locale: t.refinement(t.string, (s) => /^[a-z]{2}(?:[_-][A-Z]{2})?$/.test(s), 'Locale'),
    address: Address,
    ipAddress: boundedString(64),
    userAgent: boundedString(1024),
    gender: t.keyof({ male: null, female: null, other: null }),
    /** `YYYY-MM-DD`. */
    birthdate: t.refinement(t.string, (s) => /^\d{4}-\d{2}-\d{2}$/.test(s), 'Date(YYYY-MM-DD)'),
  },
  'Customer',
);
/** The payer; see {@link Customer}. */
export type Customer = t.TypeOf<typeof Customer>;

/** Tax included in a line item's price. */
export const LineItemTax = t.intersection(
  [
    t.type({
      /** `fixed` (an amount) or `percentage` (a rate). */
      type: t.keyof({ fixed: null, percentage: null }),
      /** Tax included in the whole line (all units), in minor units. */
      amount: MinorUnits,
    }),
    t.partial({
      /** Tax name (`VAT`, `IVA`). */
      name: boundedString(255, 1),
      /** Percentage as a decimal string (`"19"`, `"5.5"`), for `percentage` taxes. */
      rate: t.refinement(t.string, (s) => /^\d{1,3}(?:\.\d{1,4})?$/.test(s), 'PercentageRate'),
    }),
  ],
  'LineItemTax',
);
/** Tax included in a line item's price; see {@link LineItemTax}. */
export type LineItemTax = t.TypeOf<typeof LineItemTax>;

/**
 * One line of what is sold. `unitAmount` is tax-inclusive; the line's total
 * is `quantity * unitAmount`, and the lines of a link add up to its amount.
 */
export const LineItem = t.intersection(
  [
    t.type({
      name: boundedString(255, 1),
      quantity: PositiveInt,
      /** Price of one unit, tax included, in the link's currency's minor units. */
      unitAmount: MinorUnits,
    }),
    t.partial({
      /** The merchant's product id (SKU). */
      id: boundedString(255, 1),
      description: boundedString(1000),
      tax: LineItemTax,
      /** Whether an HSA/FSA card may pay for it (HSA provider). */
      hsaFsaEligible: t.boolean,
    }),
  ],
  'LineItem',
);
/** One line of what is sold; see {@link LineItem}. */
export type LineItem = t.TypeOf<typeof LineItem>;

/** How often a subscription bills. */
export const SubscriptionInterval = t.keyof(
  { day: null, week: null, month: null, year: null },
  'SubscriptionInterval',
);
/** How often a subscription bills; see {@link SubscriptionInterval}. */
export type SubscriptionInterval = t.TypeOf<typeof SubscriptionInterval>;

/** Recurring billing: every `intervalCount` `interval`s, after an optional free trial. */
export const Subscription = t.intersection(
  [
    t.type({ interval: SubscriptionInterval }),
    t.partial({
      /** Number of intervals between charges (default 1). */
      intervalCount: PositiveInt,
      /** Free trial days before the first charge. */
      trialPeriodDays: NonNegativeInt,
      /** The provider's subscription id, once one exists. */
      id: t.string,
      /** The provider's subscription status, raw. */
      status: t.string,
    }),
  ],
  'Subscription',
);
/** Recurring billing; see {@link Subscription}. */
export type Subscription = t.TypeOf<typeof Subscription>;

/** Free-form string key/value pairs kept with the link (at most 50 keys, 40-character keys, 500-character values). */
export const Metadata = t.refinement(
  t.record(t.string, boundedString(500)),
  (m) => Object.keys(m).length <= 50 && Object.keys(m).every((k) => k.length > 0 && k.length <= 40),
  'Metadata',
);
/** Free-form string key/value pairs; see {@link Metadata}. */
export type Metadata = t.TypeOf<typeof Metadata>;

/** What happened to one payment attempt (a Cost+ order, an HSA order, a Conomy checkout). */
export const AttemptState = t.keyof(
  {
    pending: null,
    processing: null,
    succeeded: null,
    failed: null,
    cancelled: null,
    expired: null,
    unknown: null,
  },
  'AttemptState',
);
/** What happened to one payment attempt; see {@link AttemptState}. */
export type AttemptState = t.TypeOf<typeof AttemptState>;

/** One payment attempt made through the link. */
export const Attempt = t.intersection(
  [
    t.type({ id: t.string, status: t.type({ unified: AttemptState, raw: t.string }) }),
    t.partial({ createdAt: DateFromISOString, amount: Money }),
  ],
  'Attempt',
);
/** One payment attempt; see {@link Attempt}. */
export type Attempt = t.TypeOf<typeof Attempt>;

/** The attempts made through a link, and how many are left where the provider limits them. */
export const Attempts = t.intersection(
  [
    t.type({ items: t.array(Attempt), count: NonNegativeInt }),
    t.partial({ limit: PositiveInt, remaining: NonNegativeInt }),
  ],
  'Attempts',
);
/** The attempts made through a link; see {@link Attempts}. */
export type Attempts = t.TypeOf<typeof Attempts>;

/** Where the payer is sent after paying, failing or cancelling. */
export const Redirects = t.partial({ success: t.string, failure: t.string, cancel: t.string }, 'Redirects');
/** Where the payer is sent; see {@link Redirects}. */
export type Redirects = t.TypeOf<typeof Redirects>;

/**
 * A payment link, the same whichever provider holds it. `status.raw` and
 * `raw` keep what the provider said.
 *
 * @example
 * if (link.status.unified === 'paid') fulfil(link.reference)
 */
export const PaymentLink = t.intersection(
  [
    t.type({
      /** Adapter id: `costplus`, `conomy`, `hsa-provider`. */
      provider: t.string,
      /** The provider's id for the link. */
      id: t.string,
      amount: Money,
      status: LinkStatus,
      attempts: Attempts,
      redirects: Redirects,
      metadata: t.record(t.string, t.string),
      /** The provider's decoded body, as it came. */
      raw: t.unknown,
    }),
    t.partial({
      /** The merchant's own reference (Cost+ `merchant_order_id`, Conomy `checkoutToken`, HSA metadata). */
      reference: t.string,
      /** Where the payer pays. */
      url: t.string,
      description: t.string,
      createdAt: DateFromISOString,
      updatedAt: DateFromISOString,
      expiresAt: DateFromISOString,
      paidAt: DateFromISOString,
      cancelledAt: DateFromISOString,
      cancellationReason: t.string,
      customer: Customer,
      lineItems: t.array(LineItem),
      subscription: Subscription,
      paymentMethods: t.array(t.string),
      /** True for links made with a test key, where the provider says so. */
      testMode: t.boolean,
    }),
  ],
  'PaymentLink',
);
/** A payment link; see {@link PaymentLink}. */
export type PaymentLink = t.TypeOf<typeof PaymentLink>;

/** Provider-specific create options, keyed by adapter id: `{ conomy: { checkoutToken } }`. */
export const ProviderOptions = t.record(t.string, t.record(t.string, t.unknown), 'ProviderOptions');
/** Provider-specific create options; see {@link ProviderOptions}. */
export type ProviderOptions = t.TypeOf<typeof ProviderOptions>;

/**
 * What it takes to create a link. Codec for runtime checks; the type users
 * write is {@link CreatePaymentLinkInput} (plain numbers and strings).
 */
export const CreatePaymentLinkInput = t.intersection(
  [
    t.type({
      /** The merchant's own id for what is being paid (invoice number). 1 to 255 characters. */
      reference: boundedString(255, 1, 'Reference'),
      /** What the payer pays, in minor units. */
      amount: t.type({ amount: PositiveInt, currency: t.string }),
    }),
    t.partial({
      description: boundedString(1000),
      /** ISO 8601 duration (`P7D`) or whole seconds. Mutually exclusive with `expiresAt`. */
      expiresIn: t.union([t.string, t.number]),
      /** An instant (`Date` or ISO 8601 with zone). Mutually exclusive with `expiresIn`. */
      expiresAt: t.union([DateFromISOString, t.string]),
      successUrl: HttpUrl,
      /** Where a failed (or, without `cancelUrl`, cancelled) payment lands. */
      failureUrl: HttpUrl,
      cancelUrl: HttpUrl,
      /** Where the provider POSTs notifications. */
      webhookUrl: HttpUrl,
      customer: Customer,
      lineItems: t.array(LineItem),
      subscription: Subscription,
      metadata: Metadata,
      /** Payment methods to offer, in the provider's own names (`ideal`, `CARD`). */
      paymentMethods: t.array(NonEmptyString),
      /** What only one provider has, keyed by adapter id. */
      providerOptions: ProviderOptions,
    }),
  ],
  'CreatePaymentLinkInput',
);
/**
 * What it takes to create a link, as users write it.
 *
 * @example
 * const input: CreatePaymentLinkInput = {
 *   reference: 'inv-1234',
 *   amount: { amount: 995, currency: 'EUR' },
 *   description: 'Invoice #1234',
 *   expiresIn: 'P7D',
 *   successUrl: 'https://shop.example/thanks',
 * }
 */
export type CreatePaymentLinkInput = Omit<t.OutputOf<typeof CreatePaymentLinkInput>, 'expiresAt'> & {
  readonly expiresAt?: Date | string;
};
