// STOPGAP until issue 12 lands: the lead replaces `routerEligibility` with core's
// `checkCreate(input, [provider])` (requirements as data) at merge time. Until then this checks
// what core and the capability flags already say; anything else an adapter refuses (Conomy's
// checkoutToken, HSA's description) is still refused by its create before anything is sent, a
// ValidationError the router fails over on. Keep it small: it is meant to be deleted.
import * as E from 'fp-ts/lib/Either.js';

import { validationError, type ValidationError } from '../errors.js';
import type { PaymentLinkProvider } from '../provider.js';
import { validateCreateInput } from '../validate-input.js';

/**
 * Whether one provider can take a create input: `Right` when it can, a
 * `ValidationError` whose `issues` name every field it cannot take
 * otherwise. The router's `check` option.
 */
export type CreateCheck = (
  input: unknown,
  provider: PaymentLinkProvider,
) => E.Either<ValidationError, unknown>;

/** The router's default {@link CreateCheck}: core's input checks, then the provider's capability flags. */
export function routerEligibility(now: () => Date): CreateCheck {
  return (input, provider) => {
    const valid = validateCreateInput(input, { now: now() });
    if (E.isLeft(valid)) return E.left({ ...valid.left, provider: provider.id, operation: 'create' });
    const { subscription, lineItems, metadata, webhookUrl, expiry } = valid.right;
    const can = provider.capabilities;
    const issues: Array<{ field: string; message: string }> = [];
    const refuse = (field: string, what: string) =>
      issues.push({ field, message: `${field}: ${provider.id} does not support ${what}` });
    if (subscription !== undefined && !can.subscriptions) refuse('subscription', 'subscriptions');
    if (lineItems !== undefined && lineItems.length > 0 && !can.lineItems) refuse('lineItems', 'line items');
    if (metadata !== undefined && Object.keys(metadata).length > 0 && !can.metadata)
      refuse('metadata', 'metadata');
    if (webhookUrl !== undefined && !can.webhookUrlPerLink) refuse('webhookUrl', 'a webhook URL per link');
    if (expiry !== undefined && can.minExpirySeconds !== undefined && expiry.seconds < can.minExpirySeconds) {
      const field = expiry.source === 'expiresAt' ? 'expiresAt' : 'expiresIn';
      issues.push({
        field,
        message: `${field}: ${provider.id} links last at least ${can.minExpirySeconds} s, this one ${expiry.seconds} s`,
      });
    }
    const first = issues[0];
    if (first === undefined) return E.right(valid.right);
    return E.left(
      validationError({
        provider: provider.id,
        operation: 'create',
        field: first.field,
        message: first.message,
        issues,
      }),
    );
  };
}
