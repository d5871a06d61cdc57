import { fromProvider, type PaymentLinkError } from '@paylinks/core';
import { fixtures } from '@paylinks/testing';
import * as E from 'fp-ts/lib/Either.js';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { costplus } from './costplus-provider.js';
import { costplusWebhookRequest, parseCostplusWebhook } from './costplus-webhook.js';

const fixture = fixtures(new URL('./__fixtures__/', import.meta.url));

const apiKey = 'sk_test_costplus_0123456789';
const api = () => nock('https://api.costplus.online');
const headers = { 'content-type': 'application/json' };

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});

afterEach(() => {
  nock.cleanAll();
});

describe('parseCostplusWebhook', () => {
  it('parses the documented status_changed body, unverified, naming the order', () => {
    const event = parseCostplusWebhook({ headers, rawBody: fixture.text('webhook-status-changed') });
    expect(event).toStrictEqual(
      E.right({
        provider: 'costplus',
        type: 'link.updated',
        rawType: 'status_changed',
        orderId: 'b9ae6d70-1234-5678-9abc-def012345678',
        verified: false,
        raw: fixture.json('webhook-status-changed'),
      }),
    );
  });

  it('parses the documented transaction_status_changed body from bytes', () => {
    const event = parseCostplusWebhook({
      headers,
      rawBody: Buffer.from(fixture.text('webhook-transaction-status-changed')),
    });
    expect(E.isRight(event) && event.right).toMatchObject({
      type: 'attempt.succeeded',
      rawType: 'transaction_status_changed',
      orderId: 'b9ae6d70-1234-5678-9abc-def012345678',
      verified: false,
    });
  });

  it.each([
    ['new', 'attempt.created'],
    ['error', 'attempt.failed'],
    ['cancelled', 'attempt.failed'],
    ['expired', 'attempt.failed'],
    ['pending', 'link.updated'],
    ['captured', 'link.updated'],
  ])('transaction_status %s -> %s', (status, type) => {
    const request = costplusWebhookRequest({ orderId: 'o1', transaction: { id: 't1', status } });
    const event = parseCostplusWebhook(request);
    expect(E.isRight(event) && event.right.type).toBe(type);
  });

  it.each([
    ['', 'empty_body'],
    ['not json', 'malformed_body'],
    ['[1,2]', 'malformed_body'],
    ['{"event":"status_changed"}', 'malformed_body'],
    ['{"event":1,"order_id":"o"}', 'malformed_body'],
  ])('refuses %j (%s)', (rawBody, reason) => {
    const event = parseCostplusWebhook({ headers, rawBody });
    expect(E.isLeft(event) && event.left).toMatchObject({ _tag: 'WebhookVerificationError', reason });
  });
});

describe('resolveWebhook', () => {
  const order = (extra: Record<string, unknown>) => ({
    ...fixture.json('order-completed'),
    id: 'b9ae6d70-1234-5678-9abc-def012345678',
    ...extra,
  });

  it('re-fetches the order, follows related_payment_link_id, and answers the link as it is now', async () => {
    const orderScope = api()
      .get('/v1/orders/b9ae6d70-1234-5678-9abc-def012345678/')
      .reply(200, order({ related_payment_link_id: 'e6eecc6a-47c5-4948-bcc0-d8b73f5c55a1' }));
    const linkScope = api()
      .get('/v1/paymentlinks/e6eecc6a-47c5-4948-bcc0-d8b73f5c55a1/')
      .reply(200, fixture.json('get-completed'));
    const links = fromProvider(costplus({ apiKey }));
    const { event, link } = await links.resolveWebhook({
      headers,
      rawBody: fixture.text('webhook-status-changed'),
    });
    expect(orderScope.isDone() && linkScope.isDone()).toBe(true);
    expect(event.verified).toBe(false);
    expect(link.id).toBe('e6eecc6a-47c5-4948-bcc0-d8b73f5c55a1');
    expect(link.status.unified).toBe('paid');
  });

  it('falls back to linkIdForReference with the order merchant_order_id', async () => {
    api()
      .get('/v1/orders/b9ae6d70-1234-5678-9abc-def012345678/')
      .reply(200, order({ merchant_order_id: 'invoice-1234' }));
    api()
      .get('/v1/paymentlinks/e6eecc6a-47c5-4948-bcc0-d8b73f5c55a1/')
      .reply(200, fixture.json('get-completed'));
    const seen: string[] = [];
    const links = fromProvider(
      costplus({
        apiKey,
        linkIdForReference: async (reference) => {
          seen.push(reference);
          return reference === 'invoice-1234' ? 'e6eecc6a-47c5-4948-bcc0-d8b73f5c55a1' : undefined;
        },
      }),
    );
    const { link } = await links.resolveWebhook({ headers, rawBody: fixture.text('webhook-status-changed') });
    expect(seen).toStrictEqual(['invoice-1234']);
    expect(link.reference).toBe('invoice-1234');
  });

  it('an order that names no link is a NotFoundError that says why', async () => {
    api().get('/v1/orders/b9ae6d70-1234-5678-9abc-def012345678/').reply(200, order({}));
    const result = await fromProvider(costplus({ apiKey })).te.resolveWebhook({
      headers,
      rawBody: fixture.text('webhook-status-changed'),
    })();
    const error = E.isLeft(result) ? (result.left as PaymentLinkError) : undefined;
    expect(error?._tag).toBe('NotFoundError');
    expect(error?.message).toContain('related_payment_link_id');
  });

  it('a lookup that throws is a NotFoundError, not a crash', async () => {
    api().get('/v1/orders/b9ae6d70-1234-5678-9abc-def012345678/').reply(200, order({}));
    const provider = costplus({
      apiKey,
      linkIdForReference: () => {
        throw new Error('db down');
      },
    });
    const result = await fromProvider(provider).te.resolveWebhook({
      headers,
      rawBody: fixture.text('webhook-status-changed'),
    })();
    expect(E.isLeft(result) && result.left._tag).toBe('NotFoundError');
  });

  it('an order Cost+ does not know is a NotFoundError naming the order', async () => {
    api()
      .get('/v1/orders/b9ae6d70-1234-5678-9abc-def012345678/')
      .reply(404, { error: { status: 404, type: 'NotFound', value: 'Order not found' } });
    const result = await fromProvider(costplus({ apiKey })).te.resolveWebhook({
      headers,
      rawBody: fixture.text('webhook-status-changed'),
    })();
    expect(E.isLeft(result) && result.left).toMatchObject({
      _tag: 'NotFoundError',
      resourceId: 'b9ae6d70-1234-5678-9abc-def012345678',
    });
  });
});
