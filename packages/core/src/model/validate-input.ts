// validateCreateInput: a create input checked (line items add up, subscription, expiry) before any request.
import * as E from 'fp-ts/lib/Either.js';

import { decodeInput } from './codecs.js';
import type { IsoDuration } from './duration.js';
import { validationError, type ValidationError, type ValidationIssue } from './errors.js';
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

function checkLineItems(amount: Money, items: ReadonlyArray<LineItem>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  let total = 0n;
  for (const [i, item] of items.entries()) {
    const lineTotal = BigInt(item.quantity) * BigInt(item.unitAmount);
    if (item.tax !== undefined && BigInt(item.tax.amount) > lineTotal) {
      issues.push({
        field: `lineItems.${i}.tax.amount`,
        message: `lineItems.${i}.tax.amount (${item.tax.amount}) is more than the line total (${lineTotal})`,
      });
    }
    if (item.tax?.type === 'percentage' && item.tax.rate === undefined) {
      issues.push({
        field: `lineItems.${i}.tax.rate`,
        message: `lineItems.${i}.tax.rate is required for a percentage tax`,
      });
    }
    total += lineTotal;
  }
  if (total !== BigInt(amount.amount)) {
    issues.push({
      field: 'lineItems',
      message: `lineItems add up to ${total} but amount.amount is ${amount.amount} (${amount.currency} minor units)`,
    });
  }
  return issues;
}

/** The issues of a ValidationError: its `issues`, or the error itself as one. */
export function issuesOf(error: ValidationError): ReadonlyArray<ValidationIssue> {
  return (
    error.issues ?? [
      {
        ...(error.provider !== undefined ? { provider: error.provider } : {}),
        field: error.field,
        message: error.message,
      },
    ]
  );
}

/**
 * One ValidationError for a list of issues: `field` and `message` are the
 * first issue's when there is one, else `n problems: a; b; c`.
 */
function validationErrorFrom(
  issues: ReadonlyArray<ValidationIssue>,
  context: { readonly provider?: string; readonly operation?: string } = {},
): ValidationError {
  const first = issues[0] ?? { field: '', message: 'invalid input' };
  return validationError({
    ...context,
    field: first.field,
    message:
      issues.length <= 1
        ? first.message
        : `${issues.length} problems: ${issues.map((i) => i.message).join('; ')}`,
    ...(issues.length > 1 ? { issues } : {}),
  });
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
  const issues: ValidationIssue[] = [];
  const amount = money(rawAmount, { field: 'amount' });
  if (E.isLeft(amount)) issues.push(...issuesOf(amount.left));
  const expiry = resolveExpiry({ expiresIn, expiresAt }, options.now, options.defaultExpiry);
  if (E.isLeft(expiry)) issues.push(...issuesOf(expiry.left));
  if (E.isRight(amount) && rest.lineItems !== undefined && rest.lineItems.length > 0) {
    issues.push(...checkLineItems(amount.right, rest.lineItems));
  }
  if (
    rest.subscription !== undefined &&
    (rest.subscription.id !== undefined || rest.subscription.status !== undefined)
  ) {
    issues.push({
      field: 'subscription.id',
      message: 'subscription.id and status are set by the provider, not on create',
    });
  }
  if (issues.length > 0 || E.isLeft(amount) || E.isLeft(expiry)) return E.left(validationErrorFrom(issues));
  return E.right({
    ...rest,
    amount: amount.right,
    ...(expiry.right !== undefined ? { expiry: expiry.right } : {}),
  });
}
