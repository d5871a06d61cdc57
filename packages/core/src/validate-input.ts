import * as E from 'fp-ts/lib/Either.js';

import { decodeInput } from './codecs.js';
import type { IsoDuration } from './duration.js';
import { validationError, type ValidationError } from './errors.js';
import { resolveExpiry, type Expiry } from './expiry.js';
import { money, type Money } from './money.js';
import {
  CreatePaymentLinkInput,
  type Customer,
  type LineItem,
  type Metadata,
  type ProviderOptions,
  type Subscription,
} from './model.js';

/**
 * A create input that passed every check in core: amounts are positive
 * integer minor units of a known currency, line items add up, the
 * subscription is consistent, and the expiry is resolved against the clock.
 * Adapters translate this into their wire body.
 */
export interface ValidCreateInput {
  readonly reference: string;
  readonly amount: Money;
  readonly description?: string;
  /** Resolved expiry (`undefined` when none was asked and the adapter gave no default). */
  readonly expiry?: Expiry;
  readonly successUrl?: string;
  readonly failureUrl?: string;
  readonly cancelUrl?: string;
  readonly webhookUrl?: string;
  readonly customer?: Customer;
  readonly lineItems?: ReadonlyArray<LineItem>;
  readonly subscription?: Subscription;
  readonly metadata?: Metadata;
  readonly paymentMethods?: ReadonlyArray<string>;
  readonly providerOptions?: ProviderOptions;
}

/** Options for {@link validateCreateInput}. */
export interface ValidateOptions {
  /** The clock's current instant. */
  readonly now: Date;
  /** The provider's default expiry, applied when the input has none. */
  readonly defaultExpiry?: IsoDuration;
}

function checkLineItems(amount: Money, items: ReadonlyArray<LineItem>): E.Either<ValidationError, void> {
  let total = 0n;
  for (const [i, item] of items.entries()) {
    const lineTotal = BigInt(item.quantity) * BigInt(item.unitAmount);
    if (item.tax !== undefined && BigInt(item.tax.amount) > lineTotal) {
      return E.left(
        validationError({
          field: `lineItems.${i}.tax.amount`,
          message: `lineItems.${i}.tax.amount (${item.tax.amount}) is more than the line total (${lineTotal})`,
        }),
      );
    }
    if (item.tax?.type === 'percentage' && item.tax.rate === undefined) {
      return E.left(
        validationError({
          field: `lineItems.${i}.tax.rate`,
          message: `lineItems.${i}.tax.rate is required for a percentage tax`,
        }),
      );
    }
    total += lineTotal;
  }
  if (total !== BigInt(amount.amount)) {
    return E.left(
      validationError({
        field: 'lineItems',
        message: `lineItems add up to ${total} but amount.amount is ${amount.amount} (${amount.currency} minor units)`,
      }),
    );
  }
  return E.right(undefined);
}

function checkSubscription(subscription: Subscription): E.Either<ValidationError, Subscription> {
  if (subscription.id !== undefined || subscription.status !== undefined) {
    return E.left(
      validationError({
        field: 'subscription.id',
        message: 'subscription.id and status are set by the provider, not on create',
      }),
    );
  }
  return E.right(subscription);
}

/**
 * Checks a create input before anything is sent. The error names the first
 * bad field (`amount.currency`, `lineItems.2.quantity`, `expiresAt`) and lists
 * every problem in `issues`.
 */
export function validateCreateInput(
  input: unknown,
  options: ValidateOptions,
): E.Either<ValidationError, ValidCreateInput> {
  // Written as early returns rather than an fp-ts pipeline: this runs on every
  // create, and fp-ts 2.16's dual combinators cost more than the checks (see BENCHMARKS.md).
  const decoded = decodeInput(CreatePaymentLinkInput, input);
  if (E.isLeft(decoded)) return decoded;
  const { expiresIn, expiresAt, amount: rawAmount, ...rest } = decoded.right;
  const amount = money(rawAmount, { field: 'amount' });
  if (E.isLeft(amount)) return amount;
  const expiry = resolveExpiry({ expiresIn, expiresAt }, options.now, options.defaultExpiry);
  if (E.isLeft(expiry)) return expiry;
  if (rest.lineItems !== undefined && rest.lineItems.length > 0) {
    const items = checkLineItems(amount.right, rest.lineItems);
    if (E.isLeft(items)) return items;
  }
  if (rest.subscription !== undefined) {
    const subscription = checkSubscription(rest.subscription);
    if (E.isLeft(subscription)) return subscription;
  }
  return E.right({
    ...rest,
    amount: amount.right,
    ...(expiry.right !== undefined ? { expiry: expiry.right } : {}),
  });
}
