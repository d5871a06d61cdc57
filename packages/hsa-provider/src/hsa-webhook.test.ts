import { fromProvider } from '@paylinks/core';
import { expectLeft, expectRight, fixtures } from '@paylinks/testing';
import { describe, expect, it } from 'vitest';

import { hsaProvider } from './hsa-provider.js';
import { mapHsaEventType, parseHsaWebhook, signHsaWebhook } from './hsa-webhook.js';

const secret = 'whsec_9b1f7c3a5e2d4f6a';
const now = new Date('2025-10-18T15:30:05Z');
const t = Math.floor(now.getTime() / 1000);
const link = fixtures(new URL('./__fixtures__/', import.meta.url)).json('get-response.seed.json');

const envelope = (type: string, data: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'evt_123', type, created_at: '2025-10-18T15:30:01Z', data, ...extra });
const signed = (body: string, at = t, key = secret) => ({
  'X-Gale-Signature': signHsaWebhook(key, body, at),
});
const options = { provider: 'hsa-provider', secret, now, referenceKey: 'paylinks_reference' };

describe('parseHsaWebhook', () => {
  it('verifies X-Gale-Signature and reads a payment_link.paid event', () => {
    const body = envelope('payment_link.paid', { ...link, metadata: { paylinks_reference: 'inv-1' } });
    const event = expectRight(
      parseHsaWebhook({ headers: signed(body), rawBody: Buffer.from(body) }, options),
    );
    expect(event).toEqual({
      provider: 'hsa-provider',
      type: 'link.paid',
      rawType: 'payment_link.paid',
      eventId: 'evt_123',
      linkId: 'plink_abc123xyz',
      orderId: 'ord_xyz789',
      reference: 'inv-1',
      occurredAt: new Date('2025-10-18T15:30:01Z'),
      verified: true,
      raw: JSON.parse(body),
    });
  });

  it('reads an order event: the order id, and the link it belongs to', () => {
    const body = envelope('order.created', {
      id: 'ord_xyz789',
      payment_link_id: 'plink_abc123xyz',
      status: 'completed',
    });
    const event = expectRight(parseHsaWebhook({ headers: signed(body), rawBody: body }, options));
    expect(event).toMatchObject({
      type: 'attempt.created',
      orderId: 'ord_xyz789',
      linkId: 'plink_abc123xyz',
    });
    const nested = envelope('order.failed', { id: 'ord_1', payment_link: { id: 'plink_2' } });
    expect(expectRight(parseHsaWebhook({ headers: signed(nested), rawBody: nested }, options))).toMatchObject(
      {
        linkId: 'plink_2',
      },
    );
  });

  it.each([
    ['payment_link.created', 'link.created'],
    ['payment_link.paid', 'link.paid'],
    ['payment_link.expired', 'link.expired'],
    ['payment_link.cancelled', 'link.cancelled'],
    ['order.created', 'attempt.created'],
    ['order.completed', 'attempt.succeeded'],
    ['order.failed', 'attempt.failed'],
    ['order.refunded', 'link.updated'],
    ['subscription.created', 'link.updated'],
    ['something.new', 'link.updated'],
  ])('maps %s to %s', (raw, unified) => {
    expect(mapHsaEventType(raw)).toBe(unified);
  });

  it('takes the signature time when the event carries none', () => {
    const body = JSON.stringify({ type: 'payment_link.expired', data: { id: 'plink_1' } });
    expect(
      expectRight(parseHsaWebhook({ headers: signed(body, t - 10), rawBody: body }, options)).occurredAt,
    ).toEqual(new Date((t - 10) * 1000));
  });

  it('accepts any of several v1 signatures (secret rotation)', () => {
    const body = envelope('payment_link.created', link);
    const good = signHsaWebhook(secret, body, t).split('v1=')[1];
    const header = `t=${t},v1=${'0'.repeat(64)},v1=${good}`;
    expect(
      expectRight(parseHsaWebhook({ headers: { 'x-gale-signature': header }, rawBody: body }, options)).type,
    ).toBe('link.created');
  });

  it.each<[string, () => { headers: Record<string, string>; rawBody: string }, string]>([
    [
      'a tampered body',
      () => ({
        headers: signed(envelope('payment_link.paid', link)),
        rawBody: envelope('payment_link.paid', { ...link, amount_cents: 1 }),
      }),
      'signature_mismatch',
    ],
    [
      'another secret',
      () => ({
        headers: signed(envelope('payment_link.paid', link), t, 'whsec_other'),
        rawBody: envelope('payment_link.paid', link),
      }),
      'signature_mismatch',
    ],
    [
      'an old timestamp',
      () => ({
        headers: signed(envelope('payment_link.paid', link), t - 301),
        rawBody: envelope('payment_link.paid', link),
      }),
      'timestamp_outside_tolerance',
    ],
    [
      'a future timestamp',
      () => ({
        headers: signed(envelope('payment_link.paid', link), t + 301),
        rawBody: envelope('payment_link.paid', link),
      }),
      'timestamp_outside_tolerance',
    ],
    [
      'no signature at all',
      () => ({ headers: {}, rawBody: envelope('payment_link.paid', link) }),
      'missing_signature',
    ],
    [
      'a garbled signature',
      () => ({ headers: { 'X-Gale-Signature': 'sha256=abc' }, rawBody: envelope('payment_link.paid', link) }),
      'malformed_signature',
    ],
    [
      'a wrong bearer secret',
      () => ({
        headers: { Authorization: 'Bearer whsec_wrong' },
        rawBody: envelope('payment_link.paid', link),
      }),
      'signature_mismatch',
    ],
    [
      'another auth scheme',
      () => ({ headers: { Authorization: `Basic ${secret}` }, rawBody: envelope('payment_link.paid', link) }),
      'malformed_signature',
    ],
    ['an empty body', () => ({ headers: signed(''), rawBody: '' }), 'empty_body'],
    [
      'a body that is not JSON',
      () => ({ headers: signed('not json'), rawBody: 'not json' }),
      'malformed_body',
    ],
    [
      'a body without type and data',
      () => ({ headers: signed('{"event":"x"}'), rawBody: '{"event":"x"}' }),
      'malformed_body',
    ],
  ])('rejects %s', (_name, request, reason) => {
    const error = expectLeft(parseHsaWebhook(request(), options));
    expect(error).toMatchObject({ _tag: 'WebhookVerificationError', reason, provider: 'hsa-provider' });
    expect(JSON.stringify(error)).not.toContain(secret);
  });

  it('accepts the newer shared bearer secret', () => {
    const body = envelope('order.completed', { id: 'ord_1', payment_link_id: 'plink_1' });
    const event = expectRight(
      parseHsaWebhook({ headers: { authorization: `Bearer ${secret}` }, rawBody: body }, options),
    );
    expect(event).toMatchObject({
      type: 'attempt.succeeded',
      verified: true,
      occurredAt: new Date('2025-10-18T15:30:01Z'),
    });
  });

  it('verifies with the old and the new secret during a rotation, through the adapter settings too', () => {
    const next = 'whsec_rotated_0f1e2d3c4b';
    const body = envelope('payment_link.paid', link);
    const rotating = { ...options, secret: [next, secret] };
    for (const key of [secret, next]) {
      expect(
        expectRight(parseHsaWebhook({ headers: signed(body, t, key), rawBody: body }, rotating)).type,
      ).toBe('link.paid');
      const bearer = { authorization: `Bearer ${key}` };
      expect(expectRight(parseHsaWebhook({ headers: bearer, rawBody: body }, rotating)).verified).toBe(true);
    }
    expect(
      expectLeft(parseHsaWebhook({ headers: signed(body, t, 'whsec_retired'), rawBody: body }, rotating)),
    ).toMatchObject({ reason: 'signature_mismatch' });
    const links = fromProvider(
      hsaProvider({ apiKey: 'glm_test_k', webhookSecret: [next, secret], now: () => now }),
    );
    for (const key of [secret, next])
      expect(links.parseWebhook({ headers: new Headers(signed(body, t, key)), rawBody: body }).linkId).toBe(
        'plink_abc123xyz',
      );
    let thrown: unknown;
    try {
      hsaProvider({ apiKey: 'glm_test_k', webhookSecret: [next, ''] });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeDefined();
    expect(JSON.stringify(thrown) + String(thrown)).not.toContain(next);
  });

  it('refuses everything without a configured secret', () => {
    const body = envelope('payment_link.paid', link);
    expect(
      expectLeft(
        parseHsaWebhook({ headers: signed(body), rawBody: body }, { ...options, secret: undefined }),
      ),
    ).toMatchObject({
      reason: 'missing_secret',
    });
  });

  it('refuses a body over the size limit before checking anything else', () => {
    const body = envelope('payment_link.paid', link);
    expect(
      expectLeft(parseHsaWebhook({ headers: {}, rawBody: body }, { ...options, maxBytes: 10 })),
    ).toMatchObject({
      reason: 'body_too_large',
    });
  });
});

describe('provider.parseWebhook', () => {
  it('uses the settings’ secret, clock and tolerance', () => {
    const body = envelope('payment_link.cancelled', { ...link, status: 'cancelled' });
    const headers = signed(body, t - 600);
    const strict = fromProvider(hsaProvider({ apiKey: 'glm_test_x', webhookSecret: secret, now: () => now }));
    expect(() => strict.parseWebhook({ headers, rawBody: body })).toThrow(/tolerance/);
    const lenient = hsaProvider({
      apiKey: 'glm_test_x',
      webhookSecret: secret,
      now: () => now,
      webhookToleranceSeconds: 900,
    });
    expect(expectRight(lenient.parseWebhook({ headers, rawBody: body }))).toMatchObject({
      type: 'link.cancelled',
      linkId: 'plink_abc123xyz',
    });
  });
});
