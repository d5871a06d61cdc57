// create: make the link, adopt this sale's link when its checkoutToken is taken, then activate it.
import {
  conflictError,
  type CreatePaymentLinkInput,
  formatMoney,
  type Money,
  type OperationOptions,
  type PaymentLink,
  type PaymentLinkError,
  validateCreateFor,
  type ValidCreateInput,
} from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';

import type { ConomyContext } from './conomy-context.js';
import { checkoutTokenOf, findLink } from './conomy-find-link.js';
import { conomyEndpoint, linkCall, readLink } from './conomy-links.js';
import { conomyProviderId } from './conomy-provider-id.js';
import { convertToConomyRequest } from './convert-to-conomy-request.js';

/** Conomy's `13 alreadyExist`: the checkoutToken is taken. */
const isTokenTaken = (error: PaymentLinkError): boolean =>
  error._tag === 'ConflictError' && error.providerCode === '13';

/** An ambiguous create says how to settle it: the same input again finds the link if it was made. */
function withRetryHint(error: PaymentLinkError, token: string): PaymentLinkError {
  const ambiguous =
    (error._tag === 'NetworkError' || error._tag === 'ProviderError') && error.ambiguous === true;
  return ambiguous
    ? {
        ...error,
        message: `${error.message}. Retrying create with the same input is safe: checkoutToken ${token} is unique, so a retry finds the link if this one was made`,
      }
    : error;
}

/**
 * A link whose activation failed after create made it: the error of the
 * activation, saying the link exists as a draft and how to finish.
 */
function activationFailed(error: PaymentLinkError, link: PaymentLink, token: string): PaymentLinkError {
  return {
    ...error,
    operation: 'create',
    linkId: link.id,
    message:
      `create: payment link ${link.id} exists but is a draft (checkoutToken ${token}): activating it failed: ${error.message}. ` +
      `Retrying create with the same input activates this link and makes no second one; so does activate('${link.id}')`,
  };
}

/**
 * A create refused because its checkoutToken is taken: by this same sale
 * (an earlier try whose answer was lost, or whose activation failed), whose
 * live link is adopted so a retry never makes a second one; or by another
 * sale (another amount) or a finished link, which stays a ConflictError.
 */
async function adopt(
  context: ConomyContext,
  token: string,
  amount: Money,
  conflict: PaymentLinkError,
  options: OperationOptions | undefined,
): Promise<E.Either<PaymentLinkError, PaymentLink>> {
  const found = await findLink(context, 'create', (l) => checkoutTokenOf(l) === token, options)();
  if (E.isLeft(found) || found.right === undefined) return E.left(conflict);
  const existing = found.right;
  const live = ['draft', 'open', 'processing'].includes(existing.status.unified);
  if (live && existing.amount.amount === amount.amount && existing.amount.currency === amount.currency) {
    return E.right(existing);
  }
  return E.left(
    conflictError({
      ...conflict,
      linkId: existing.id,
      currentStatus: existing.status.raw,
      message:
        `create: checkoutToken ${token} belongs to payment link ${existing.id} ` +
        `(${formatMoney(existing.amount)}, ${existing.status.raw}), not to this ${formatMoney(amount)} sale: ` +
        'use another reference, or pass providerOptions.conomy.checkoutToken',
    }),
  );
}

export function createLink(
  context: ConomyContext,
  input: CreatePaymentLinkInput,
  options?: OperationOptions,
): TE.TaskEither<PaymentLinkError, PaymentLink> {
  return async () => {
    const { self, now, defaultDurationSeconds } = context;
    const valid = validateCreateFor(self, input, now());
    const body = E.isLeft(valid) ? valid : convertToConomyRequest(valid.right, { defaultDurationSeconds });
    if (E.isLeft(body)) return E.left({ ...body.left, provider: conomyProviderId, operation: 'create' });
    const token = body.right.checkoutToken;
    const sent = conomyEndpoint.create.send(context.api, {}, options, { body: body.right });
    const created = await readLink(context, sent, 'create')();
    const checked = (valid as E.Right<ValidCreateInput>).right;
    const link = E.isRight(created)
      ? created
      : isTokenTaken(created.left)
        ? await adopt(context, token, checked.amount, created.left, options)
        : E.left(withRetryHint(created.left, token));
    if (E.isLeft(link)) return link;
    const wantsActive = checked.providerOptions?.[conomyProviderId]?.['activate'] !== false;
    if (!wantsActive || link.right.status.unified !== 'draft') return link;
    const active = await linkCall(context, 'activate', link.right.id, options)();
    return E.isRight(active) ? active : E.left(activationFailed(active.left, link.right, token));
  };
}
