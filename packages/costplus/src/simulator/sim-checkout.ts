// The hosted page at each link's payment_url (/paymentlinks/{id}/): up to 25 attempts.
import { formatDecimal, type Money } from '@paylinks/core/adapter';
import { checkoutRedirect, renderCheckoutPage, type SimRequest, type SimResponse } from '@paylinks/testing';

import { closedBecause, maxAttemptsPerLink, type SimLink, type SimOrder } from './sim-state.js';
import type { CostplusSimContext } from './sim-context.js';

function page(link: SimLink, message?: string, status = 200): SimResponse {
  const closed = closedBecause(link);
  const note = message ?? closed;
  return {
    status,
    html: renderCheckoutPage({
      provider: 'Cost+',
      title: link.request.description ?? `Payment link ${link.request.merchant_order_id}`,
      amount: formatDecimal({ amount: link.request.amount, currency: link.request.currency } as Money),
      currency: link.request.currency,
      ...(link.request.description !== null ? { description: link.request.description } : {}),
      status: link.status,
      payable: closed === undefined,
      attemptsLeft: Math.max(0, maxAttemptsPerLink - link.orderIds.length),
      ...(note !== undefined ? { message: note } : {}),
    }),
  };
}

// Docs: with both return_url and failure_url, cancelled/expired/error orders go
// to failure_url; otherwise every redirect goes to return_url. Without a
// return_url the payer stays on the link's page.
function redirectFor(link: SimLink, order: SimOrder): string {
  const { return_url: ret, failure_url: failure } = link.request;
  const failed = order.status === 'error' || order.status === 'cancelled' || order.status === 'expired';
  if (failed && ret !== null && failure !== null) return failure;
  return ret ?? link.paymentUrl;
}

/** GET shows the page; a form POST with `outcome=success|failure` makes one attempt and redirects. */
export function hostedPage(ctx: CostplusSimContext, request: SimRequest, id: string): SimResponse {
  const link = ctx.store.link(id);
  if (link === undefined)
    return { status: 404, html: '<!doctype html><title>Not found</title><p>No such payment link.</p>' };
  if (request.method === 'GET') return page(link);
  if (request.method !== 'POST') return { status: 405, text: 'Method Not Allowed' };
  const outcome = request.form.get('outcome');
  if (outcome !== 'success' && outcome !== 'failure') return page(link, 'Choose to pay or to decline.', 400);
  const closed = closedBecause(link);
  if (closed !== undefined) return page(link, closed, 409);
  const order = ctx.store.attempt(link, outcome, ctx.clock.now());
  ctx.notify(link, order);
  return checkoutRedirect(redirectFor(link, order));
}
