import {
  decodeProviderOptions,
  issuesOf,
  type ValidationError,
  type ValidationIssue,
  type ValidCreateInput,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';

import { HsaCreateOptions } from './hsa-options.js';

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
    HsaCreateOptions,
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
  return pipe(
    decodeProviderOptions(
      HsaCreateOptions,
      input.providerOptions?.[provider] ?? {},
      `providerOptions.${provider}`,
    ),
    E.map(() => {
      const type = input.subscription !== undefined ? 'subscription' : 'one_time';
      const cents = options.amountFields === 'cents';
      const customer = input.customer;
      const wireCustomer = {
        ...(customer?.email !== undefined ? { email: customer.email } : {}),
        ...(customer?.firstName !== undefined ? { first_name: customer.firstName } : {}),
        ...(customer?.lastName !== undefined ? { last_name: customer.lastName } : {}),
      };
      const subscription = input.subscription;
      // One URL serves cancelled and failed payments; cancelUrl is the closer match when both are given.
      const cancelUrl = input.cancelUrl ?? input.failureUrl;
      const body: HsaCreateRequest = {
        ...(cents ? { amount_cents: input.amount.amount } : { amount: input.amount.amount }),
        currency: input.amount.currency,
        // Required by the capabilities, so present here.
        description: input.description ?? '',
        ...(Object.keys(wireCustomer).length > 0 ? { customer: wireCustomer } : {}),
        ...(input.lineItems !== undefined && input.lineItems.length > 0
          ? {
              products: input.lineItems.map((item) => ({
                merchant_product_id: item.id as string,
                name: item.name,
                quantity: item.quantity,
                ...(cents ? { price_cents: item.unitAmount } : { price: item.unitAmount }),
              })),
            }
          : {}),
        payment_type: type,
        ...(subscription !== undefined
          ? {
              subscription: {
                interval: intervals[subscription.interval],
                ...(subscription.intervalCount !== undefined
                  ? { interval_count: subscription.intervalCount }
                  : {}),
                ...(subscription.trialPeriodDays !== undefined
                  ? { trial_period_days: subscription.trialPeriodDays }
                  : {}),
              },
            }
          : {}),
        success_url: input.successUrl ?? '',
        ...(cancelUrl !== undefined ? { cancel_url: cancelUrl } : {}),
        metadata: { ...input.metadata, [referenceKey]: input.reference },
        // The provider applies its own 15-day default when expires_at is omitted. One computed here from
        // the clock would differ on every try, so a keyed retry from another process would send another body.
        ...(input.expiry !== undefined && input.expiry.source !== 'default'
          ? { expires_at: input.expiry.expiresAt.toISOString() }
          : {}),
      };
      return body;
    }),
  );
}
