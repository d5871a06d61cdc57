// The hosted checkout page at each link's `url` (`/checkout/{checkoutToken}`).
import { checkoutRedirect, renderCheckoutPage, type SimRequest, type SimResponse } from '@paylinks/testing';

import type { ConomySimContext } from './sim-context.js';
import type { SimLink } from './sim-state.js';

function checkoutPage(link: SimLink, message?: string, status = 200): SimResponse {
  return {
    status,
    html: renderCheckoutPage({
      provider: 'Conomy',
      title: `Pay ${link.checkoutToken}`,
      amount: link.totalAmount,
      currency: link.currency,
      description: link.items.flatMap((i) => (i.description !== undefined ? [i.description] : [])).join(', '),
      status: link.status,
      payable: link.status === 'ACTIVE',
      ...(message !== undefined ? { message } : {}),
    }),
  };
}

/**
 * GET shows the page; a form POST with `outcome=success|failure` makes a
 * transaction on an ACTIVE link and redirects to `successUrl` / `failedUrl`
 * (the page itself, with a `result`, when none was given). An inactive link's
 * page says it was deactivated, as the docs describe.
 */
export function hostedCheckout(ctx: ConomySimContext, request: SimRequest, token: string): SimResponse {
  const link = ctx.store.byCheckoutToken(token);
  if (link === undefined)
    return { status: 404, html: '<!doctype html><p>This payment link does not exist.</p>' };
  if (request.method === 'GET') return checkoutPage(link);
  if (request.method !== 'POST') return { status: 405, text: 'method not allowed' };
  const outcome = request.form.get('outcome');
  if (outcome !== 'success' && outcome !== 'failure') return checkoutPage(link, 'choose pay or decline', 400);
  if (link.status !== 'ACTIVE') {
    const why = link.status === 'ATTEMPT' ? 'has not been activated' : 'has been deactivated';
    return checkoutPage(link, `this payment link ${why}`, 409);
  }
  const transaction = ctx.store.attempt(link, outcome, ctx.clock.now());
  if (outcome === 'failure') {
    ctx.notify(link, transaction, 'Transaction.Failed');
    return checkoutRedirect(link.failedUrl ?? `${link.url}?result=failed`);
  }
  ctx.notify(link, transaction, 'Transaction.Captured');
  // The sandbox settles at once: the funds are RECEIVED right after the capture.
  ctx.notify(link, { ...transaction, status: 'RECEIVED' }, 'Transaction.Received');
  return checkoutRedirect(link.successUrl ?? `${link.url}?result=paid`);
}
