/**
 * Conomy's wire shapes, as far as the adapter reads them. Private to the
 * package: partial, tolerant of extra fields and of `null` where the docs
 * mark a field nullable, so a field Conomy adds never breaks a decode.
 *
 * @see https://developers.conomyhq.com/api-reference/payments/payment-links
 */
import { nullable } from '@paylinks/core/adapter';
import * as t from 'io-ts';

/** `POST /auth` answer. */
export const ConomyAuthResponse = t.intersection([
  t.type({
    accessToken: t.refinement(t.string, (s) => s.length > 0, 'NonEmptyString'),
    /** Seconds; documented as a number, read from digits too. */
    expiresIn: t.union([t.number, t.refinement(t.string, (s) => /^\d+$/.test(s), 'Digits')]),
  }),
  t.partial({ tokenType: t.string }),
]);
export type ConomyAuthResponse = t.TypeOf<typeof ConomyAuthResponse>;

/** A tax on one item (`type` FIXED or PERCENTAGE; amounts as decimal strings). */
export const ConomyTax = t.partial({ name: t.string, type: t.string, value: t.string, amount: t.string });
export type ConomyTax = t.TypeOf<typeof ConomyTax>;

/** One item of a link; `totalAmount` = `preTaxAmount` + `tax.amount`. */
export const ConomyItem = t.intersection([
  t.type({ totalAmount: t.string }),
  t.partial({ preTaxAmount: t.string, description: nullable(t.string), tax: nullable(ConomyTax) }),
]);
export type ConomyItem = t.TypeOf<typeof ConomyItem>;

/** The payer as Conomy keeps it. */
export const ConomyCustomer = t.partial({
  id: nullable(t.string),
  firstName: nullable(t.string),
  lastName: nullable(t.string),
  email: nullable(t.string),
  phoneNumber: nullable(t.string),
  phoneNumberPrefix: nullable(t.string),
  documentType: nullable(t.string),
  documentNumber: nullable(t.string),
});
export type ConomyCustomer = t.TypeOf<typeof ConomyCustomer>;

/** A payment link (`GET /payment-links/{id}`, create and activate answers). */
export const ConomyLink = t.intersection([
  t.type({ id: t.string, status: t.string, currency: t.string, totalAmount: t.string }),
  t.partial({
    checkoutToken: nullable(t.string),
    preTaxAmount: nullable(t.string),
    url: nullable(t.string),
    createdAt: nullable(t.string),
    /** Seconds after creation until the link goes inactive. */
    duration: nullable(t.number),
    /** Present on checkout sessions; read when a link carries it too. */
    expiresAt: nullable(t.string),
    successUrl: nullable(t.string),
    failedUrl: nullable(t.string),
    items: nullable(t.array(ConomyItem)),
    paymentMethodsAllowed: nullable(t.array(t.string)),
    customer: nullable(ConomyCustomer),
  }),
]);
export type ConomyLink = t.TypeOf<typeof ConomyLink>;

const PageNumber = nullable(t.union([t.number, t.string]));

/** `GET /payment-links` answer. */
export const ConomyLinkList = t.intersection([
  t.type({ results: t.array(ConomyLink) }),
  t.partial({
    pagination: nullable(
      t.partial({
        count: nullable(t.number),
        next: PageNumber,
        previous: PageNumber,
        total: nullable(t.number),
      }),
    ),
  }),
]);
export type ConomyLinkList = t.TypeOf<typeof ConomyLinkList>;

/** A tax as sent on create. */
export interface ConomyTaxRequest {
  readonly name: string;
  readonly type: 'FIXED' | 'PERCENTAGE';
  readonly value: string;
  readonly amount: string;
}

/** An item as sent on create. */
export interface ConomyItemRequest {
  readonly preTaxAmount: string;
  readonly totalAmount: string;
  readonly description: string;
  readonly tax?: ConomyTaxRequest;
}

/** `POST /payment-links` body. */
export interface ConomyCreateRequest {
  readonly checkoutToken: string;
  readonly currency: string;
  readonly items: ReadonlyArray<ConomyItemRequest>;
  readonly duration: number;
  readonly paymentMethodsAllowed?: ReadonlyArray<string>;
  readonly destinations?: ReadonlyArray<Readonly<Record<string, unknown>>>;
  readonly owner?: Readonly<Record<string, unknown>>;
  readonly customer?: Readonly<Record<string, unknown>>;
  readonly customerRequirements?: ReadonlyArray<string>;
  readonly successUrl?: string;
  readonly failedUrl?: string;
}
