import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';

import { reportedAttempts, unreportedAttempts } from '../model/model.js';

import {
  headerValue,
  readWebhookJson,
  signTimestamped,
  timingSafeEqualHex,
  verifyTimestampedSignature,
  WebhookDeduplicator,
  storedDedupeKey,
  webhookEventKey,
} from './webhook.js';

const secret = 'whsec_test_0123456789';
const body = Buffer.from('{"type":"payment_link.paid","data":{"id":"plink_1"}}');
const now = new Date('2026-01-15T12:00:00Z');
const t = Math.floor(now.getTime() / 1000);

const verify = (header: string | undefined, raw = body, at = now) =>
  verifyTimestampedSignature({
    provider: 'p',
    header,
    headerName: 'X-Sig',
    rawBody: raw,
    secret,
    now: at,
    toleranceSeconds: 300,
  });
const reason = (result: E.Either<{ reason: string }, unknown>) =>
  E.isLeft(result) ? result.left.reason : 'accepted';

describe('timestamped HMAC signatures', () => {
  it('accepts what the signing helper produces', () => {
    expect(verify(signTimestamped(secret, body, t))).toEqual(E.right(t));
  });

  it('rejects tampering, replays, wrong secrets and malformed or missing headers with a reason', () => {
    const header = signTimestamped(secret, body, t);
    expect(reason(verify(header, Buffer.from(body.toString().replace('plink_1', 'plink_2'))))).toBe(
      'signature_mismatch',
    );
    expect(reason(verify(header.replace(/v1=./, 'v1=0')))).toBe('signature_mismatch');
    expect(reason(verify(signTimestamped('other-secret', body, t)))).toBe('signature_mismatch');
    expect(reason(verify(signTimestamped(secret, body, t - 301)))).toBe('timestamp_outside_tolerance');
    expect(reason(verify(signTimestamped(secret, body, t + 301)))).toBe('timestamp_outside_tolerance');
    expect(reason(verify(undefined))).toBe('missing_signature');
    expect(reason(verify('v1=abc'))).toBe('malformed_signature');
    expect(reason(verify(`t=${t},v1=zz`))).toBe('signature_mismatch');
  });

  it('accepts any of several v1 signatures (secret rotation)', () => {
    const good = signTimestamped(secret, body, t);
    expect(E.isRight(verify(`t=${t},v1=${'0'.repeat(64)},${good.split(',')[1]}`))).toBe(true);
  });

  it('compares hex in constant time and refuses different lengths', () => {
    expect(timingSafeEqualHex('abcd', 'ABCD')).toBe(true);
    expect(timingSafeEqualHex('abcd', 'abc')).toBe(false);
    expect(timingSafeEqualHex('abcd', 'xyzw')).toBe(false);
  });
});

describe('reading webhook bodies', () => {
  it('refuses empty, oversized and non-object bodies', () => {
    expect(reason(readWebhookJson('p', ''))).toBe('empty_body');
    expect(reason(readWebhookJson('p', 'x'.repeat(2000), 1000))).toBe('body_too_large');
    expect(reason(readWebhookJson('p', '{not json'))).toBe('malformed_body');
    expect(reason(readWebhookJson('p', '[1,2]'))).toBe('malformed_body');
    expect(reason(readWebhookJson('p', new Uint8Array(body)))).toBe('accepted');
  });

  it('reads headers case-insensitively', () => {
    expect(headerValue({ 'X-Gale-Signature': 'a' }, 'x-gale-signature')).toBe('a');
    expect(headerValue({ 'x-multi': ['1', '2'] }, 'X-Multi')).toBe('1');
    expect(headerValue({}, 'missing')).toBeUndefined();
  });
});

describe('WebhookDeduplicator', () => {
  it('drops repeats within the window and forgets the oldest past its size', () => {
    let at = now.getTime();
    const seen = new WebhookDeduplicator(60_000, 2, () => new Date(at));
    expect(seen.firstTime('a')).toBe(true);
    expect(seen.firstTime('a')).toBe(false);
    at += 61_000;
    expect(seen.firstTime('a')).toBe(true);
    seen.firstTime('b');
    seen.firstTime('c');
    expect(seen.firstTime('a')).toBe(true);
  });
});

describe('webhookEventKey', () => {
  const event = {
    provider: 'costplus',
    type: 'link.updated' as const,
    rawType: 'status_changed',
    orderId: 'o1',
    verified: false,
    raw: {},
  };
  const one = reportedAttempts([{ id: 'o1', status: { unified: 'failed', raw: 'error' } }]);
  const two = reportedAttempts([
    ...one.items,
    { id: 'o2', status: { unified: 'succeeded', raw: 'completed' } },
  ]);
  const failed = { id: 'l1', status: { raw: 'all_unsuccessful' }, attempts: one };
  const paid = { id: 'l1', status: { raw: 'completed' }, attempts: two };

  it('tells apart two changes of one order when the resolved link is given', () => {
    expect(webhookEventKey(event)).toBe(webhookEventKey({ ...event }));
    expect(webhookEventKey(event, failed)).not.toBe(webhookEventKey(event, paid));
  });

  it('keys an unsigned event by the link state alone: names, ids and times the sender chose do not count', () => {
    const key = webhookEventKey(event, paid);
    expect(key).toMatch(/^costplus:state:[0-9a-f]{64}$/);
    for (const variant of [
      { ...event, rawType: 'x1' },
      { ...event, rawType: 'transaction_status_changed', type: 'attempt.succeeded' as const },
      { ...event, eventId: 'forged-1' },
      { ...event, occurredAt: new Date(0) },
      { ...event, linkId: 'someone-else', orderId: 'o2' },
      { ...event, rawType: 'x'.repeat(100_000) },
    ]) {
      expect(webhookEventKey(variant, paid)).toBe(key);
    }
    // The same state of another link, or another attempt status, is another key.
    expect(webhookEventKey(event, { ...paid, id: 'l2' })).not.toBe(key);
    const retried = reportedAttempts([{ id: 'o1', status: { unified: 'failed', raw: 'cancelled' } }]);
    expect(webhookEventKey(event, { ...failed, attempts: retried })).not.toBe(webhookEventKey(event, failed));
  });

  it("keeps a signed event's id, bounded in length", () => {
    const signed = { ...event, provider: 'conomy', verified: true, eventId: 'evt_1' };
    expect(webhookEventKey(signed, { status: { raw: 'x' }, attempts: unreportedAttempts(), id: 'l1' })).toBe(
      'conomy:evt_1',
    );
    expect(webhookEventKey(signed)).toBe('conomy:evt_1');
    const long = webhookEventKey({ ...signed, eventId: 'e'.repeat(10_000) });
    expect(long).toMatch(/^conomy:sha256:[0-9a-f]{64}$/);
    expect(webhookEventKey({ ...event, occurredAt: new Date(Number.NaN) })).toMatch(/^costplus:unresolved:/);
  });
});

describe('WebhookDeduplicator memory', () => {
  it('keeps a bounded number of bounded keys, whatever the keys are', () => {
    const seen = new WebhookDeduplicator(60_000, 100);
    for (let i = 0; i < 1000; i++) expect(seen.firstTime(`${i}:${'x'.repeat(10_000)}`)).toBe(true);
    expect(seen.size).toBe(100);
    expect(seen.firstTime(`999:${'x'.repeat(10_000)}`)).toBe(false);
    expect(storedDedupeKey('k'.repeat(1_000_000))).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(storedDedupeKey('short')).toBe('short');
  });

  it('refuses bounds that would keep every key (NaN, Infinity, 0, fractions)', () => {
    for (const bad of [Number.NaN, Infinity, 0, -1, 1.5, 1e12]) {
      expect(() => new WebhookDeduplicator(60_000, bad)).toThrow(RangeError);
      expect(() => new WebhookDeduplicator(bad)).toThrow(RangeError);
    }
  });
});
