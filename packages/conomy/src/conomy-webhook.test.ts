import { hmacSha256Hex } from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtures } from '@paylinks/testing';

import {
  conomyWebhookSignature,
  parseConomyWebhook,
  signConomyWebhook,
  type ConomyWebhookPayload,
} from './conomy-webhook.js';

const fixture = fixtures(new URL('./__fixtures__/', import.meta.url));
const documented = fixture.json<ConomyWebhookPayload & { signature: string }>(
  'webhook-transaction-captured.json',
);

const secret = 'whsec_conomy_test_123';
const payload = { event: documented.event, data: documented.data };

function parse(rawBody: string, headers: Record<string, string> = {}) {
  return parseConomyWebhook({ headers, rawBody }, secret);
}

function reason(result: ReturnType<typeof parse>) {
  return E.isLeft(result) ? result.left.reason : 'accepted';
}

describe('parseConomyWebhook', () => {
  it('verifies the preferred form: signature in the body over JSON.stringify({event, data})', () => {
    const rawBody = JSON.stringify({ ...payload, signature: hmacSha256Hex(secret, JSON.stringify(payload)) });
    const result = parse(rawBody);
    expect(result).toEqual(
      E.right({
        provider: 'conomy',
        type: 'link.paid',
        rawType: 'Transaction.Captured',
        verified: true,
        orderId: '67a0307eaddea901a60144ec',
        reference: '123456',
        eventId: 'Transaction.Captured:67a0307eaddea901a60144ec:CAPTURED',
        raw: JSON.parse(rawBody),
      }),
    );
  });

  it('verifies the body form whatever the whitespace of the raw body', () => {
    const rawBody = JSON.stringify(
      { ...payload, signature: conomyWebhookSignature(secret, payload) },
      null,
      2,
    );
    expect(reason(parse(rawBody))).toBe('accepted');
  });

  it('verifies the older form: X-Webhook-Signature over the raw body', () => {
    const { rawBody, headers } = signConomyWebhook(secret, payload, { form: 'header' });
    expect(JSON.parse(rawBody)).not.toHaveProperty('signature');
    expect(headers['X-Webhook-Signature']).toBe(hmacSha256Hex(secret, rawBody));
    expect(reason(parse(rawBody, headers))).toBe('accepted');
    expect(
      reason(parse(rawBody, { 'x-webhook-signature': `sha256=${hmacSha256Hex(secret, rawBody)}` })),
    ).toBe('accepted');
  });

  it('verifies with the old and the new secret during a rotation, in both forms', () => {
    const next = 'whsec_conomy_rotated_456';
    for (const key of [secret, next]) {
      for (const form of ['body', 'header'] as const) {
        const { rawBody, headers } = signConomyWebhook(key, payload, { form });
        expect(reason(parseConomyWebhook({ headers, rawBody }, [next, secret]))).toBe('accepted');
      }
    }
    const retired = signConomyWebhook('whsec_retired', payload);
    expect(reason(parseConomyWebhook({ headers: {}, rawBody: retired.rawBody }, [next, secret]))).toBe(
      'signature_mismatch',
    );
    expect(reason(parseConomyWebhook({ headers: {}, rawBody: retired.rawBody }, []))).toBe('missing_secret');
  });

  it('accepts both forms together', () => {
    const { rawBody, headers } = signConomyWebhook(secret, payload, { form: 'both' });
    expect(reason(parse(rawBody, headers))).toBe('accepted');
  });

  it('refuses the documented example: its signature is a placeholder', () => {
    expect(reason(parse(JSON.stringify(documented)))).toBe('signature_mismatch');
  });

  it.each([
    ['Transaction.Captured', 'link.paid'],
    ['Transaction.Received', 'attempt.succeeded'],
    ['Transaction.Failed', 'attempt.failed'],
    ['Transaction.Refunded', 'link.updated'],
  ])('reads %s as %s', (event, type) => {
    const { rawBody } = signConomyWebhook(secret, { event, data: documented.data });
    const result = parse(rawBody);
    expect(E.isRight(result) && result.right.type).toBe(type);
  });

  it.each<[string, () => ReturnType<typeof parse>, string]>([
    ['an empty body', () => parse(''), 'empty_body'],
    ['a body that is not JSON', () => parse('{"event":'), 'malformed_body'],
    [
      'no secret configured',
      () =>
        parseConomyWebhook({ headers: {}, rawBody: signConomyWebhook(secret, payload).rawBody }, undefined),
      'missing_secret',
    ],
    ['no signature at all', () => parse(JSON.stringify(payload)), 'missing_signature'],
    [
      'a signature that is not hex',
      () => parse(JSON.stringify({ ...payload, signature: 'nope' })),
      'malformed_signature',
    ],
    ['another secret', () => parse(signConomyWebhook('other-secret', payload).rawBody), 'signature_mismatch'],
    [
      'a changed amount',
      () => parse(signConomyWebhook(secret, payload).rawBody.replace('"50000"', '"1"')),
      'signature_mismatch',
    ],
    [
      'a changed raw body under the header form',
      () => {
        const { rawBody, headers } = signConomyWebhook(secret, payload, { form: 'header' });
        return parse(rawBody.replace('CAPTURED', 'FAILED'), headers);
      },
      'signature_mismatch',
    ],
    [
      'a signed body without event',
      () =>
        parse(JSON.stringify({ data: {}, signature: hmacSha256Hex(secret, JSON.stringify({ data: {} })) })),
      'malformed_body',
    ],
  ])('refuses %s', (_what, run, expected) => {
    const result = run();
    expect(reason(result)).toBe(expected);
    if (E.isLeft(result)) {
      expect(result.left._tag).toBe('WebhookVerificationError');
      expect(JSON.stringify(result.left)).not.toContain(secret);
    }
  });

  const transaction = fc.record({
    id: fc.string({ minLength: 1 }),
    purchaseAmount: fc.stringMatching(/^\d{1,9}(\.\d{1,2})?$/),
    totalAmount: fc.stringMatching(/^\d{1,9}(\.\d{1,2})?$/),
    externalId: fc.string(),
    currency: fc.constantFrom('CLP', 'COP', 'MXN', 'EUR'),
    status: fc.constantFrom('CAPTURED', 'RECEIVED', 'FAILED'),
  });

  it('accepts every notification it signed, in every form (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Transaction.Captured', 'Transaction.Received', 'Transaction.Failed'),
        transaction,
        fc.constantFrom('body' as const, 'header' as const, 'both' as const),
        fc.string({ minLength: 4 }),
        (event, tx, form, key) => {
          const { rawBody, headers } = signConomyWebhook(key, { event, data: { transaction: tx } }, { form });
          const result = parseConomyWebhook({ headers, rawBody }, key);
          return E.isRight(result) && result.right.orderId === tx.id && result.right.rawType === event;
        },
      ),
    );
  });

  it('refuses any change to a signed notification (property)', () => {
    fc.assert(
      fc.property(transaction, fc.string({ minLength: 1 }), (tx, suffix) => {
        const { rawBody } = signConomyWebhook(secret, {
          event: 'Transaction.Captured',
          data: { transaction: tx },
        });
        const body = JSON.parse(rawBody) as { data: { transaction: { id: string } } };
        body.data.transaction.id = `${body.data.transaction.id}${suffix}`;
        return reason(parse(JSON.stringify(body))) === 'signature_mismatch';
      }),
    );
  });

  it('never throws on arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.json(), fc.uint8Array()),
        fc.dictionary(fc.string(), fc.string()),
        (raw, headers) => {
          const result = parseConomyWebhook({ headers, rawBody: raw }, secret);
          return E.isLeft(result) ? result.left._tag === 'WebhookVerificationError' : result.right.verified;
        },
      ),
    );
  });
});

describe('hostile notifications', () => {
  it('answers malformed_body for a deeply nested body and never throws', () => {
    const deep = `{"event":"Transaction.Captured","data":${'['.repeat(200_000)}${']'.repeat(200_000)},"signature":"${'0'.repeat(64)}"}`;
    expect(() => parse(deep)).not.toThrow();
    expect(reason(parse(deep))).toBe('malformed_body');
  });

  it('keeps fields the body signature does not cover out of a verified event', () => {
    const rawBody = JSON.stringify({
      ...payload,
      signature: conomyWebhookSignature(secret, payload),
      injected: { status: 'FINISHED', linkId: 'someone-elses' },
    });
    const result = parse(rawBody);
    expect(E.isRight(result) && result.right.verified).toBe(true);
    expect(E.isRight(result) && Object.keys(result.right.raw as object)).toEqual([
      'event',
      'data',
      'signature',
    ]);
  });

  it('keeps the whole body when the header signature covers every byte', () => {
    const { rawBody, headers } = signConomyWebhook(secret, payload, { form: 'header' });
    const withExtra = JSON.stringify({ ...JSON.parse(rawBody), extra: 1 });
    const signed = parse(withExtra, { ...headers, 'X-Webhook-Signature': hmacSha256Hex(secret, withExtra) });
    expect(E.isRight(signed) && (signed.right.raw as { extra?: number }).extra).toBe(1);
  });
});
