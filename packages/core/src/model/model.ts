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
/** A postal address. Every field is optional; send what you have. */
export interface Address {
  /** First address line (street), at most 255 characters. */
  line1?: string;
  /** Second address line, at most 255 characters. */
  line2?: string;
  /** House number, where the provider keeps it apart from the street (at most 32 characters). */
  houseNumber?: string;
  /** Postal code, at most 32 characters. */
  postalCode?: string;
  /** City, at most 255 characters. */
  city?: string;
  /** Region, state or province, at most 255 characters. */
  region?: string;
  /** ISO 3166-1 alpha-2 country code, upper case (`NL`, `US`). */
  country?: string;
}

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
/**
 * The payer, as far as the merchant knows them. Providers use what they
 * support (Cost+ takes all of it, HSA e-mail and names, Conomy e-mail and names).
 */
export interface Customer {
  /** The merchant's own customer id, 1 to 255 characters. */
  id?: string;
  /** E-mail address. */
  email?: string;
  /** Given name, at most 255 characters. */
  firstName?: string;
  /** Family name, at most 255 characters. */
  lastName?: string;
  /** Phone number as written, at most 64 characters. */
  phone?: string;
  /** Locale such as `en_GB` or `nl-NL`. */
  locale?: string;
  /** Postal address. */
  address?: Address;
  /** The payer's IP address, at most 64 characters. */
  ipAddress?: string;
  /** The payer's browser user agent, at most 1024 characters. */
  userAgent?: string;
  /** `male`, `female` or `other`. */
  gender?: 'male' | 'female' | 'other';
  /** Date of birth, `YYYY-MM-DD`. */
  birthdate?: string;
}

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
/** Tax included in a line item's price. */
export interface LineItemTax {
  /** `fixed` (an amount) or `percentage` (a rate). */
  type: 'fixed' | 'percentage';
  /** Tax included in the whole line (all units), in minor units. */
  amount: MinorUnits;
  /** Tax name (`VAT`, `IVA`). */
  name?: string;
  /** Percentage as a decimal string (`"19"`, `"5.5"`), for `percentage` taxes. */
  rate?: string;
}

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
/**
 * One line of what is sold, as a link holds it. `unitAmount` is
 * tax-inclusive; the line's total is `quantity * unitAmount`, and the lines
 * of a link add up to its amount. What you write in a create input is a
 * {@link LineItemInput} (plain numbers).
 */
export interface LineItem {
  /** What is sold, 1 to 255 characters. */
  name: string;
  /** How many units, a whole number greater than zero. */
  quantity: PositiveInt;
  /** Price of one unit, tax included, in the link's currency's minor units. */
  unitAmount: MinorUnits;
  /** The merchant's product id (SKU). */
  id?: string;
  /** Longer description, at most 1000 characters. */
  description?: string;
  /** Tax included in the price. */
  tax?: LineItemTax;
  /** Whether an HSA/FSA card may pay for it (HSA provider). */
  hsaFsaEligible?: boolean;
}

/** One line of what is sold, as a create input takes it: a {@link LineItem} with plain numbers. */
export interface LineItemInput {
  /** What is sold, 1 to 255 characters. */
  name: string;
  /** How many units, a whole number greater than zero. */
  quantity: number;
  /** Price of one unit, tax included, in the link's currency's minor units. */
  unitAmount: number;
  /** The merchant's product id (SKU). */
  id?: string;
  /** Longer description, at most 1000 characters. */
  description?: string;
  /** Tax included in the price (`amount` in minor units, for the whole line). */
  tax?: {
    /** `fixed` (an amount) or `percentage` (a rate). */
    type: 'fixed' | 'percentage';
    /** Tax included in the whole line (all units), in minor units. */
    amount: number;
    /** Tax name (`VAT`, `IVA`). */
    name?: string;
    /** Percentage as a decimal string (`"19"`, `"5.5"`), for `percentage` taxes. */
    rate?: string;
  };
  /** Whether an HSA/FSA card may pay for it (HSA provider). */
  hsaFsaEligible?: boolean;
}

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
/** Recurring billing: every `intervalCount` `interval`s, after an optional free trial. */
export interface Subscription {
  /** How often it bills: `day`, `week`, `month` or `year`. */
  interval: SubscriptionInterval;
  /** Number of intervals between charges (default 1). */
  intervalCount?: PositiveInt;
  /** Free trial days before the first charge. */
  trialPeriodDays?: NonNegativeInt;
  /** The provider's subscription id, once one exists. */
  id?: string;
  /** The provider's subscription status, raw. */
  status?: string;
}

/** Recurring billing, as a create input takes it: a {@link Subscription} with plain numbers. */
export interface SubscriptionInput {
  /** How often it bills: `day`, `week`, `month` or `year`. */
  interval: SubscriptionInterval;
  /** Number of intervals between charges (default 1), a whole number greater than zero. */
  intervalCount?: number;
  /** Free trial days before the first charge, zero or more. */
  trialPeriodDays?: number;
  /** The provider's subscription id, once one exists. */
  id?: string;
  /** The provider's subscription status, raw. */
  status?: string;
}

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
/** One payment attempt made through a link (a Cost+ order, an HSA order, a Conomy checkout). */
export interface Attempt {
  /** The provider's id of the attempt. */
  id: string;
  /** What happened to it: the unified state and the provider's raw value. */
  status: {
    /** Unified state; `unknown` for a raw value this version does not know. */
    unified: AttemptState;
    /** The provider's own value, as it came. */
    raw: string;
  };
  /** When the attempt was made, where the provider says. */
  createdAt?: Date;
  /** What the attempt was for, where the provider says. */
  amount?: Money;
}

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
/**
 * The attempts of a provider that reports them: every attempt, how many
 * there were and how many failed, and, only where the provider enforces a
 * limit, the limit and what is left of it (0 once the link is final).
 */
export interface ReportedAttempts {
  /** The provider reports attempts. */
  reported: true;
  /** Every attempt the provider reports, in the order it lists them. */
  items: Attempt[];
  /** How many attempts were made. */
  total: NonNegativeInt;
  /** How many of them ended without paying (`failed`, `cancelled` or `expired`). */
  failed: NonNegativeInt;
  /** Most attempts the provider allows per link (Cost+: 25). */
  limit?: PositiveInt;
  /** Attempts left: `limit - total`, 0 once the link is final. */
  remaining?: NonNegativeInt;
}

/**
 * A provider that does not report a link's attempts: there is no count (it
 * is "not reported", never 0). `items` holds what the link shows anyway (the
 * HSA provider names the order that paid it), possibly nothing.
 */
export const UnreportedAttempts = t.type(
  { reported: t.literal(false), items: t.array(Attempt) },
  'UnreportedAttempts',
);
/**
 * A provider that does not report a link's attempts: there is no count (it
 * is "not reported", never 0).
 */
export interface UnreportedAttempts {
  /** The provider does not report attempts. */
  reported: false;
  /** What the link shows anyway (the HSA provider names the order that paid it), possibly nothing. */
  items: Attempt[];
}

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
/**
 * The payment attempts made through a link: `reported: true` with `total`
 * and `failed` counts (Cost+, with its limit of 25), or `reported: false`
 * where the provider does not report them (Conomy, the HSA/FSA provider).
 *
 * @example
 * const tries = link.attempts.reported ? `${link.attempts.total} (${link.attempts.failed} failed)` : 'not reported'
 */
export type Attempts = ReportedAttempts | UnreportedAttempts;

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
/** Where the payer is sent after paying, failing or cancelling. */
export interface Redirects {
  /** After a successful payment. */
  success?: string;
  /** After a failed payment (and after a cancelled one, where the provider has no cancel URL). */
  failure?: string;
  /** After the payer cancels. */
  cancel?: string;
}

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
/**
 * A payment link, the same whichever provider holds it. `status.raw` and
 * `raw` keep what the provider said.
 *
 * @example
 * if (link.status.unified === 'paid') fulfil(link.reference)
 */
export interface PaymentLink {
  /** Adapter id of the provider holding the link: `costplus`, `conomy`, `hsa-provider`. */
  provider: string;
  /** The provider's id for the link (what `get`, `cancel` and webhooks name). */
  id: string;
  /** What the payer pays, in integer minor units (`{ amount: 995, currency: 'EUR' }` is 9.95 EUR). */
  amount: Money;
  /**
   * Where the link stands: `unified` (`open`, `paid`, `expired`...; `unknown`
   * for a value this version does not know) and the provider's `raw` value.
   */
  status: LinkStatus;
  /**
   * The payment attempts made through the link: counted (`reported: true`,
   * with `total` and `failed`) where the provider reports them, or
   * `reported: false` (never a made-up 0).
   */
  attempts: Attempts;
  /** Where the payer is sent after paying, failing or cancelling. */
  redirects: Redirects;
  /** Your key/value pairs, kept with the link (empty when none). */
  metadata: Record<string, string>;
  /** The provider's decoded body, as it came. */
  raw: unknown;
  /** Your own reference (Cost+ `merchant_order_id`, Conomy `checkoutToken`, HSA metadata). */
  reference?: string;
  /** Where the payer pays: send them here. */
  url?: string;
  /** What the payer sees the payment is for. */
  description?: string;
  /** When the link was created. */
  createdAt?: Date;
  /** When the provider last changed the link. */
  updatedAt?: Date;
  /** When the link expires and can no longer be paid, where the provider says. */
  expiresAt?: Date;
  /** When it was paid. */
  paidAt?: Date;
  /** When it was cancelled. */
  cancelledAt?: Date;
  /** Why it was cancelled, where the provider keeps a reason. */
  cancellationReason?: string;
  /** The payer, as the provider reports them. */
  customer?: Customer;
  /** What is sold, line by line. */
  lineItems?: LineItem[];
  /** Recurring billing, for a subscription link. */
  subscription?: Subscription;
  /** Payment methods offered, in the provider's own names (`ideal`, `CARD`). */
  paymentMethods?: string[];
  /** True for links made with a test key, where the provider says so. */
  testMode?: boolean;
}

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
export interface CreatePaymentLinkInput {
  /** Your own id for what is being paid (invoice number), 1 to 255 characters; also what `reconcile` finds the link by. */
  reference: string;
  /** What the payer pays, in integer minor units of an ISO 4217 currency: `{ amount: 995, currency: 'EUR' }` is 9.95 EUR. */
  amount: {
    /** Whole minor units, greater than zero (995 = 9.95 EUR; 500 = 500 JPY). */
    amount: number;
    /** Upper-case ISO 4217 code (`EUR`, `USD`). */
    currency: string;
  };
  /** What the payer sees the payment is for, at most 1000 characters. */
  description?: string;
  /** How long the link stays payable: ISO 8601 duration (`P7D`) or whole seconds. Not with `expiresAt`. */
  expiresIn?: string | number;
  /** When the link stops being payable: a `Date` or ISO 8601 text with a zone. Not with `expiresIn`. */
  readonly expiresAt?: Date | string;
  /** Where the payer lands after paying (an absolute http(s) URL). */
  successUrl?: string;
  /** Where a failed (or, without `cancelUrl`, cancelled) payment lands. */
  failureUrl?: string;
  /** Where the payer lands after cancelling. */
  cancelUrl?: string;
  /** Where the provider POSTs notifications about this link (providers with a per-link webhook URL). */
  webhookUrl?: string;
  /** The payer, as far as you know them. */
  customer?: Customer;
  /** What is sold, line by line; the lines add up to `amount`. */
  lineItems?: LineItemInput[];
  /** Recurring billing, for providers with subscriptions. */
  subscription?: SubscriptionInput;
  /** Your key/value pairs (at most 50 keys of 1 to 40 characters, values up to 500). */
  metadata?: Record<string, string>;
  /** Payment methods to offer, in the provider's own names (`ideal`, `CARD`). */
  paymentMethods?: string[];
  /** What only one provider has, keyed by adapter id: `{ conomy: { checkoutToken } }`. */
  providerOptions?: Record<string, Record<string, unknown>>;
}
