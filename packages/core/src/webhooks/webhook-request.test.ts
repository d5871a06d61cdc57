import type { IncomingHttpHeaders } from 'node:http';

import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';

import { noCapabilities, testProvider } from '../__tests__/test-provider.js';
import { checkWebhookRequest } from '../provider/check-call.js';
import { fromProvider } from '../client/client.js';
import type { PaymentLinkProvider } from '../provider/provider.js';
import { normalizeHeaders, readHeader, webhookBodyBuffer } from './webhook-request.js';
import {
  headerValue,
  readWebhookJson,
  signTimestamped,
  verifyTimestampedSignature,
  type WebhookRequest,
} from './webhook.js';

const body = '{"type":"payment_link.paid","data":{"id":"plink_1"}}';
const secret = 'whsec_test_0123456789';
const now = new Date('2026-01-15T12:00:00Z');
const signature = signTimestamped(secret, body, Math.floor(now.getTime() / 1000));

/** A provider that verifies `X-Sig` and records what its parser was handed. */
function recordingProvider(seen: WebhookRequest[]): PaymentLinkProvider {
  return testProvider({
    capabilities: { ...noCapabilities, signedWebhooks: true },
    parseWebhook: (request) => {
      seen.push(request);
      return E.map(() => ({
        provider: 'test',
        type: 'link.paid' as const,
        rawType: 'payment_link.paid',
        linkId: 'plink_1',
        verified: true,
        raw: {},
      }))(
        verifyTimestampedSignature({
          provider: 'test',
          header: headerValue(request.headers, 'X-Sig'),
          headerName: 'X-Sig',
          rawBody: request.rawBody as Buffer,
          secret,
          now,
        }),
      );
    },
  });
}

describe('webhook requests from any framework', () => {
  const bytes = Buffer.from(body);
  const forms: Array<[string, WebhookRequest]> = [
    [
      'Fetch Headers and an ArrayBuffer',
      { headers: new Headers({ 'X-Sig': signature }), rawBody: new Uint8Array(bytes).buffer },
    ],
    [
      "Node's IncomingHttpHeaders with an array and a Buffer",
      {
        headers: { 'x-sig': [signature, 'ignored'], 'set-cookie': ['a=1'] } satisfies IncomingHttpHeaders,
        rawBody: bytes,
      },
    ],
    ['a plain record in any case and a string', { headers: { 'X-SIG': signature }, rawBody: body }],
    [
      'a Map and a Uint8Array view into a larger buffer',
      {
        headers: new Map([['x-sig', signature]]),
        rawBody: new Uint8Array(Buffer.concat([Buffer.from('xx'), bytes, Buffer.from('yy')])).subarray(
          2,
          2 + bytes.length,
        ),
      },
    ],
  ];

  for (const [name, request] of forms) {
    it(`verifies ${name}, and the adapter sees one shape`, () => {
      const seen: WebhookRequest[] = [];
      const links = fromProvider(recordingProvider(seen));
      const event = links.parseWebhook(request);
      expect(event.linkId).toBe('plink_1');
      const [handed] = seen;
      expect(handed?.headers).toEqual({
        'x-sig': signature,
        ...(name.includes('Node') ? { 'set-cookie': 'a=1' } : {}),
      });
      expect(Buffer.isBuffer(handed?.rawBody)).toBe(true);
      expect((handed?.rawBody as Buffer).toString('utf8')).toBe(body);
    });
  }

  it('accepts the headers of a Fetch Request as they are (this file compiling is half the test)', async () => {
    const request = new Request('http://127.0.0.1/hooks?x=1', {
      method: 'POST',
      headers: { 'x-sig': signature, 'content-type': 'application/json' },
      body,
    });
    const links = fromProvider(recordingProvider([]));
    const event = links.parseWebhook({
      headers: request.headers,
      rawBody: await request.arrayBuffer(),
      url: request.url,
    });
    expect(event.verified).toBe(true);
    const checked = checkWebhookRequest({ headers: request.headers, rawBody: 'x', url: request.url }, 'test');
    expect(E.isRight(checked) && checked.right.url).toBe('http://127.0.0.1/hooks?x=1');
  });

  it('refuses a parsed body, saying to pass the raw one; bad headers read as none', () => {
    const parsed = checkWebhookRequest({ headers: {}, rawBody: JSON.parse(body) }, 'test');
    expect(E.isLeft(parsed) && parsed.left.message).toMatch(/express\.raw\(\)/);
    expect(E.isLeft(parsed) && parsed.left.reason).toBe('malformed_body');
    const missing = checkWebhookRequest({ headers: {} }, 'test');
    expect(E.isLeft(missing) && missing.left.reason).toBe('empty_body');
    const odd = checkWebhookRequest({ headers: 42, rawBody: body }, 'test');
    expect(E.isRight(odd) && odd.right.headers).toEqual({});
    const links = fromProvider(recordingProvider([]));
    const result = links.te.parseWebhook({ headers: 'nonsense' as never, rawBody: body });
    expect(E.isLeft(result) && result.left).toMatchObject({
      _tag: 'WebhookVerificationError',
      reason: 'missing_signature',
    });
  });

  it('reads single headers and bodies of every form without copying bytes', () => {
    expect(readHeader(new Headers({ 'X-A': '1' }), 'x-a')).toBe('1');
    expect(readHeader({ 'X-A': ['1', '2'] }, 'x-A')).toBe('1');
    expect(readHeader({ 'x-a': undefined }, 'x-a')).toBeUndefined();
    expect(readHeader(undefined, 'x-a')).toBeUndefined();
    expect(
      normalizeHeaders(
        new Headers([
          ['X-A', '1'],
          ['x-a', '2'],
        ]),
      ),
    ).toEqual({ 'x-a': '1, 2' });
    const buffer = Buffer.from(body);
    expect(webhookBodyBuffer(buffer)).toBe(buffer);
    const view = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    expect(webhookBodyBuffer(view).buffer).toBe(buffer.buffer);
    expect(E.isRight(readWebhookJson('p', new Uint8Array(buffer).buffer))).toBe(true);
  });
});
