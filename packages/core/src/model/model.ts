// The normalized model: PaymentLink, CreatePaymentLinkInput and their parts, as io-ts codecs and types.
import * as t from 'io-ts';

import {
  boundedString,
  DateFromISOString,
  describedAs,
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
    locale: describedAs(
      t.refinement(t.string, (s) => /^[a-z]{2}(?:[_-][A-Z]{2})?$/.test(s), 'Locale'),
      'a locale such as "en_GB" or "nl-NL"',
    ),
    address: Address,
    ipAddress: boundedString(64),
    userAgent: boundedString(1024),
    gender: t.keyof({ male: null, female: null, other: null }),
    /** `YYYY-MM-DD`. */
    birthdate: describedAs(
      t.refinement(t.string, (s) => /^\d{4}-\d{2}-\d{2}$/.test(s), 'Date(YYYY-MM-DD)'),
      'a date written YYYY-MM-DD',
    ),
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
      rate: describedAs(
        t.refinement(t.string, (s) => /^\d{1,3}(?:\.\d{1,4})?$/.test(s), 'PercentageRate'),
        'a percentage written as digits, such as "19" or "5.5"',
      ),
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
export const Metadata = describedAs(
  t.refinement(
    t.record(t.string, boundedString(500)),
    (m) => Object.keys(m).length <= 50 && Object.keys(m).every((k) => k.length > 0 && k.length <= 40),
    'Metadata',
  ),
  'at most 50 keys of 1 to 40 characters',
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

/**
 * The attempts of a provider that reports them: every attempt, how many
 * there were and how many failed, and, only where the provider enforces a
 * limit, the limit and what is left of it (0 once the link is final).
 */
export const ReportedAttempts = t.intersection(
  [
    t.type({
      reported: t.literal(true),
      /** Every attempt the provider reports, in the order it lists them. */
      items: t.array(Attempt),
      /** How many attempts were made. */
      total: NonNegativeInt,
      /** How many of them ended without paying (`failed`, `cancelled` or `expired`). */
      failed: NonNegativeInt,
    }),
    t.partial({
      /** Most attempts the provider allows per link (Cost+: 25). */
      limit: PositiveInt,
      /** Attempts left: `limit - total`, 0 once the link is final. */
      remaining: NonNegativeInt,
    }),
  ],
  'ReportedAttempts',
);
/** The attempts of a provider that reports them; see {@link ReportedAttempts}. */
export type ReportedAttempts = t.TypeOf<typeof ReportedAttempts>;

/**
 * A provider that does not report a link's attempts: there is no count (it
 * is "not reported", never 0). `items` holds what the link shows anyway (the
 * HSA provider names the order that paid it), possibly nothing.
 */
export const UnreportedAttempts = t.type(
  { reported: t.literal(false), items: t.array(Attempt) },
  'UnreportedAttempts',
);
/** Attempts a provider does not report; see {@link UnreportedAttempts}. */
export type UnreportedAttempts = t.TypeOf<typeof UnreportedAttempts>;

/**
 * The payment attempts made through a link, with one meaning on every
 * provider: `reported: true` with the `total` and `failed` counts the
 * provider reports (Cost+, with its limit of 25), or `reported: false` where
 * the provider does not report them (Conomy, the HSA/FSA provider).
 *
 * @example
 * const tries = link.attempts.reported ? `${link.attempts.total} (${link.attempts.failed} failed)` : 'not reported'
 */
export const Attempts = t.union([ReportedAttempts, UnreportedAttempts], 'Attempts');
/** The attempts made through a link; see {@link Attempts}. */
export type Attempts = t.TypeOf<typeof Attempts>;

/** Attempts for a provider that does not report them, with what the link shows anyway. */
export function unreportedAttempts(items: ReadonlyArray<Attempt> = []): UnreportedAttempts {
  return { reported: false, items: [...items] };
}

const endedUnpaid: ReadonlyArray<AttemptState> = ['failed', 'cancelled', 'expired'];

/**
 * Attempts as a provider that reports every one: `total` and `failed`
 * counted from them, and `limit` / `remaining` where the provider enforces a
 * limit (`remaining` is 0 once the link is final).
 */
export function reportedAttempts(
  items: ReadonlyArray<Attempt>,
  enforced?: { readonly limit: number; readonly final: boolean },
): ReportedAttempts {
  const total = items.length as NonNegativeInt;
  const failed = items.filter((a) => endedUnpaid.includes(a.status.unified)).length as NonNegativeInt;
  return {
    reported: true,
    items: [...items],
    total,
    failed,
    ...(enforced !== undefined
      ? {
          limit: enforced.limit as PositiveInt,
          remaining: (enforced.final ? 0 : Math.max(0, enforced.limit - total)) as NonNegativeInt,
        }
      : {}),
  };
}

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
