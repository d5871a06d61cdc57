import { decodeInput, validationError, type ValidCreateInput, type ValidationError } from '@paylinks/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';

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

const fail = (field: string, message: string): E.Either<ValidationError, never> =>
  E.left(validationError({ field, message }));

/** Decodes an object codec, refusing keys it does not know (a typo must not pass silently). */
export function decodeKnownKeys<P extends t.Props>(
  codec: t.PartialC<P>,
  value: unknown,
  prefix: string,
): E.Either<ValidationError, t.TypeOf<t.PartialC<P>>> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const known = Object.keys(codec.props);
    const extra = Object.keys(value).find((k) => !known.includes(k));
    if (extra !== undefined) {
      return fail(
        `${prefix}.${extra}`,
        `${prefix}.${extra} is not an option of this provider (known: ${known.join(', ')})`,
      );
    }
  }
  return decodeInput(codec, value, prefix);
}

function checkUnsupported(input: ValidCreateInput, provider: string): E.Either<ValidationError, void> {
  if (input.webhookUrl !== undefined) {
    return fail(
      'webhookUrl',
      `${provider} does not take a webhook URL per link: register the endpoint in the dashboard (Settings → Webhooks)`,
    );
  }
  if (input.paymentMethods !== undefined) {
    return fail('paymentMethods', `${provider} does not support choosing payment methods per link`);
  }
  const eligible = (input.lineItems ?? []).findIndex((item) => item.hsaFsaEligible !== undefined);
  if (eligible >= 0) {
    return fail(
      `lineItems.${eligible}.hsaFsaEligible`,
      `lineItems.${eligible}.hsaFsaEligible is decided by ${provider} (SIGIS eligibility) and cannot be set on create`,
    );
  }
  const withoutId = (input.lineItems ?? []).findIndex((item) => item.id === undefined);
  if (withoutId >= 0) {
    return fail(
      `lineItems.${withoutId}.id`,
      `lineItems.${withoutId}.id is required by ${provider} (products[].merchant_product_id: your product reference)`,
    );
  }
  return E.right(undefined);
}

function paymentType(
  input: ValidCreateInput,
  options: HsaCreateOptions,
  provider: string,
): E.Either<ValidationError, 'one_time' | 'subscription'> {
  const asked = options.paymentType;
  if (asked === 'subscription' && input.subscription === undefined) {
    return fail(
      'subscription',
      `a subscription payment needs a subscription block (interval) on ${provider}`,
    );
  }
  if (asked === 'one_time' && input.subscription !== undefined) {
    return fail('subscription', `a one_time payment must not have a subscription on ${provider}`);
  }
  return E.right(input.subscription !== undefined ? 'subscription' : 'one_time');
}

/**
 * Builds the `POST /payment-links` body from a checked create input, after
 * the HSA-specific checks (each a `ValidationError` naming the field, before
 * anything is sent): `description` and `successUrl` are required, line items
 * need an `id`, and what HSA lacks (per-link webhook URL, payment methods) is refused.
 */
export function convertToHsaRequest(
  input: ValidCreateInput,
  options: ToHsaRequestOptions,
): E.Either<ValidationError, HsaCreateRequest> {
  const { provider, referenceKey } = options;
  return pipe(
    decodeKnownKeys(HsaCreateOptions, input.providerOptions?.[provider] ?? {}, `providerOptions.${provider}`),
    E.chainFirst(() => checkUnsupported(input, provider)),
    E.chain((providerOptions) => paymentType(input, providerOptions, provider)),
    E.chain((type) => {
      if (input.description === undefined || input.description.trim() === '') {
        return fail('description', `description is required by ${provider}`);
      }
      if (input.successUrl === undefined) {
        return fail('successUrl', `successUrl is required by ${provider} (success_url)`);
      }
      if (input.metadata?.[referenceKey] !== undefined) {
        return fail(
          `metadata.${referenceKey}`,
          `metadata.${referenceKey} is reserved: ${provider} carries the reference in it`,
        );
      }
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
        description: input.description,
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
        success_url: input.successUrl,
        ...(cancelUrl !== undefined ? { cancel_url: cancelUrl } : {}),
        metadata: { ...input.metadata, [referenceKey]: input.reference },
        ...(input.expiry !== undefined ? { expires_at: input.expiry.expiresAt.toISOString() } : {}),
      };
      return E.right(body);
    }),
  );
}
