import {
  decodeProviderOptions,
  issuesOf,
  type ValidationError,
  type ValidationIssue,
  type ValidCreateInput,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';

import { HsaProviderOptions } from './hsa-options.js';

/** `POST /payment-links` body. Amount fields are named per {@link ToHsaRequestOptions.amountFields}. */
export interface HsaCreateRequest {
  readonly amount_cents?: number;
  readonly amount?: number;
  readonly currency: string;
  readonly description: string;
  readonly customer?: { readonly email?: string; readonly first_name?: string; readonly last_name?: string };
  readonly products?: ReadonlyArray<{
    readonly merchant_product_id: string;
    readonly name: string;
    readonly quantity: number;
    readonly price_cents?: number;
    readonly price?: number;
  }>;
  readonly payment_type: 'one_time' | 'subscription';
  readonly subscription?: {
    readonly interval: 'daily' | 'weekly' | 'monthly' | 'yearly';
    readonly interval_count?: number;
    readonly trial_period_days?: number;
  };
  readonly success_url: string;
  readonly cancel_url?: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly expires_at?: string;
}

type HsaSubscription = NonNullable<HsaCreateRequest['subscription']>;
type HsaProduct = NonNullable<HsaCreateRequest['products']>[number];

/** A body while it is built, field by field (in the order it is sent). */
type Building<T> = { -readonly [K in keyof T]?: T[K] };

/** How to build the body. */
export interface ToHsaRequestOptions {
  /** Adapter id: the key of `providerOptions` read. */
  readonly provider: string;
  /** `cents`: `amount_cents`/`price_cents` (seed); `plain`: `amount`/`price`. */
  readonly amountFields: 'cents' | 'plain';
  /** Metadata key the merchant reference travels in. */
  readonly referenceKey: string;
}

const intervals = { day: 'daily', week: 'weekly', month: 'monthly', year: 'yearly' } as const;

/** The latest instant `expires_at` can carry: ISO 8601 with a four-digit year. */
const latestExpiresAt = Date.UTC(9999, 11, 31, 23, 59, 59);

/**
 * What the HSA/FSA provider refuses beyond its capabilities' data: unknown
 * `providerOptions`, a `paymentType` that contradicts the `subscription`,
 * the metadata key the reference travels in, and an expiry past year 9999.
 * Every problem, for `checkCreateInput`.
 */
export function hsaCreateIssues(
  input: ValidCreateInput,
  options: Pick<ToHsaRequestOptions, 'provider' | 'referenceKey'>,
): ValidationIssue[] {
  const { provider, referenceKey } = options;
  const issues: ValidationIssue[] = [];
  const decoded = decodeProviderOptions(
    HsaProviderOptions,
    input.providerOptions?.[provider] ?? {},
    `providerOptions.${provider}`,
  );
  if (E.isLeft(decoded)) issues.push(...issuesOf(decoded.left));
  const asked = E.isRight(decoded) ? decoded.right.paymentType : undefined;
  if (asked === 'subscription' && input.subscription === undefined) {
    issues.push({
      field: 'subscription',
      message: 'subscription is required when paymentType is subscription (interval)',
    });
  }
  if (asked === 'one_time' && input.subscription !== undefined) {
    issues.push({
      field: 'subscription',
      message: 'subscription is not supported when paymentType is one_time',
    });
  }
  if (input.metadata?.[referenceKey] !== undefined) {
    issues.push({
      field: `metadata.${referenceKey}`,
      message: `metadata.${referenceKey} is reserved (the reference travels in it)`,
    });
  }
  if (input.expiry !== undefined && input.expiry.expiresAt.getTime() > latestExpiresAt) {
    const field = input.expiry.source === 'expiresAt' ? 'expiresAt' : 'expiresIn';
    issues.push({
      field,
      message: `${field} must end by 9999-12-31T23:59:59Z (expires_at has a four-digit year)`,
    });
  }
  return issues;
}

/**
 * Builds the `POST /payment-links` body from a create input checked against
 * the adapter's capabilities (`description`, `successUrl` and line item ids
 * present; no webhook URL, payment methods or eligibility flags) and
 * {@link hsaCreateIssues}.
 */
export function convertToHsaRequest(
  input: ValidCreateInput,
  options: ToHsaRequestOptions,
): E.Either<ValidationError, HsaCreateRequest> {
  const { provider, referenceKey } = options;
  const decoded = decodeProviderOptions(
    HsaProviderOptions,
    input.providerOptions?.[provider] ?? {},
    `providerOptions.${provider}`,
  );
  if (E.isLeft(decoded)) return decoded;
  // Fields are assigned one by one, in the order the body is sent, rather than spread from
  // conditional literals: this runs on every create, and the spreads cost several times more.
  const cents = options.amountFields === 'cents';
  const body: Building<HsaCreateRequest> = {};
  if (cents) body.amount_cents = input.amount.amount;
  else body.amount = input.amount.amount;
  body.currency = input.amount.currency;
  // Required by the capabilities, so present here.
  body.description = input.description ?? '';
  const customer = input.customer;
  if (customer !== undefined) {
    const wireCustomer: Building<NonNullable<HsaCreateRequest['customer']>> = {};
    if (customer.email !== undefined) wireCustomer.email = customer.email;
    if (customer.firstName !== undefined) wireCustomer.first_name = customer.firstName;
    if (customer.lastName !== undefined) wireCustomer.last_name = customer.lastName;
    if (Object.keys(wireCustomer).length > 0) body.customer = wireCustomer;
  }
  if (input.lineItems !== undefined && input.lineItems.length > 0) {
    body.products = input.lineItems.map((item) => {
      const product: Building<HsaProduct> = {
        merchant_product_id: item.id as string,
        name: item.name,
        quantity: item.quantity,
      };
      if (cents) product.price_cents = item.unitAmount;
      else product.price = item.unitAmount;
      return product as HsaProduct;
    });
  }
  const subscription = input.subscription;
  body.payment_type = subscription !== undefined ? 'subscription' : 'one_time';
  if (subscription !== undefined) {
    const wire: { -readonly [K in keyof HsaSubscription]: HsaSubscription[K] } = {
      interval: intervals[subscription.interval],
    };
    if (subscription.intervalCount !== undefined) wire.interval_count = subscription.intervalCount;
    if (subscription.trialPeriodDays !== undefined) wire.trial_period_days = subscription.trialPeriodDays;
    body.subscription = wire;
  }
  body.success_url = input.successUrl ?? '';
  // One URL serves cancelled and failed payments; cancelUrl is the closer match when both are given.
  const cancelUrl = input.cancelUrl ?? input.failureUrl;
  if (cancelUrl !== undefined) body.cancel_url = cancelUrl;
  body.metadata = { ...input.metadata, [referenceKey]: input.reference };
  // The provider applies its own 15-day default when expires_at is omitted. One computed here from
  // the clock would differ on every try, so a keyed retry from another process would send another body.
  if (input.expiry !== undefined && input.expiry.source !== 'default') {
    body.expires_at = input.expiry.expiresAt.toISOString();
  }
  // Every required field was assigned above.
  return E.right(body as HsaCreateRequest);
}
