// The hosted checkout page at /pay/{id}: GET shows it, a form POST makes an attempt or cancels.
import { formatDecimal, isCurrencyCode, type Money } from '@paylinks/core/adapter';
import { checkoutRedirect, renderCheckoutPage, type SimRequest, type SimResponse } from '@paylinks/testing';

import type { HsaSimContext } from './sim-context.js';
import type { SimLink } from './sim-state.js';
import { linkJson, orderJson, subscriptionJson } from './sim-wire.js';

const html = (status: number, body: string): SimResponse => ({ status, html: body });

function checkoutPage(link: SimLink, status = 200): SimResponse {
  return html(
    status,
    renderCheckoutPage({
      provider: 'HSA/FSA',
      title: link.spec.description,
      amount: isCurrencyCode(link.spec.currency)
        ? formatDecimal({ amount: link.spec.amount as Money['amount'], currency: link.spec.currency })
        : String(link.spec.amount),
      currency: link.spec.currency,
      description: link.spec.description,
      status: link.status,
      payable: link.status === 'active',
      ...(link.lastMessage !== undefined ? { message: link.lastMessage } : {}),
    }),
  );
}

/** One attempt and its events: `order.failed`, or `payment_link.paid` then `order.created` (the documented order). */
function attempt(ctx: HsaSimContext, link: SimLink, outcome: 'success' | 'failure'): void {
  const order = ctx.store.attempt(link, outcome, ctx.clock.now());
  if (outcome === 'failure') return ctx.events.emit('order.failed', orderJson(order, ctx.wire));
  ctx.events.emit('payment_link.paid', linkJson(link, ctx.wire));
  ctx.events.emit('order.created', orderJson(order, ctx.wire));
  if (link.subscription !== undefined && link.spec.subscription !== undefined) {
    ctx.events.emit('subscription.created', {
      ...subscriptionJson(link.spec.subscription, link),
      payment_link_id: link.id,
    });
  }
}

/** Serves `/pay/{id}`. */
export function hostedCheckout(ctx: HsaSimContext, req: SimRequest, id: string): SimResponse {
  const link = ctx.store.get(id);
  if (link === undefined)
    return html(404, '<!doctype html><title>Not found</title><p>This payment link does not exist.</p>');
  if (req.method === 'GET') return checkoutPage(link);
  if (req.method !== 'POST') return html(405, '<!doctype html><p>Method not allowed</p>');
  const outcome = req.form.get('outcome');
  if (outcome !== 'success' && outcome !== 'failure' && outcome !== 'cancel') {
    return html(400, '<!doctype html><p>outcome must be success, failure or cancel</p>');
  }
  if (link.status !== 'active') return checkoutPage(link, 409);
  const stay = ctx.wire.pageUrl(link.id);
  if (outcome === 'cancel') return checkoutRedirect(link.spec.cancelUrl ?? stay);
  attempt(ctx, link, outcome);
  return checkoutRedirect(outcome === 'success' ? link.spec.successUrl : (link.spec.cancelUrl ?? stay));
}
