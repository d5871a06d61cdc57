import { type CreatePaymentLinkInput, PaymentLink } from '@paylinks/core';
import { decodeProviderBody } from '@paylinks/core/adapter';
import { fixtures } from '@paylinks/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';

import { convertFromHsaLink } from './convert-from-hsa-link.js';
import { HsaLink, HsaLinkList } from './hsa-api.js';
import { readHsaError } from './hsa-error.js';
import { hsaProvider } from './hsa-provider.js';
import { parseHsaWebhook, signHsaWebhook } from './hsa-webhook.js';

const fixture = fixtures(new URL('./__fixtures__/', import.meta.url));
const context = { provider: 'hsa-provider', referenceKey: 'paylinks_reference' };
const now = new Date('2026-02-25T14:30:00.000Z');

/** Decodes and converts; a refused body must be a DecodeError, an accepted one a valid PaymentLink. */
function decodeLink(body: unknown) {
  const decoded = decodeProviderBody(HsaLink, body, { provider: 'hsa-provider', operation: 'get' });
  if (E.isLeft(decoded)) {
    expect(decoded.left._tag).toBe('DecodeError');
    expect(decoded.left.errors.length).toBeGreaterThan(0);
    return undefined;
  }
  const link = convertFromHsaLink(decoded.right, context);
  expect(E.isRight(PaymentLink.decode(link))).toBe(true);
  return link;
}

describe('decoders', () => {
  it('turn any JSON into a valid PaymentLink or a DecodeError, never a throw', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => void decodeLink(body)),
      { numRuns: 300 },
    );
  });

  const keys = Object.keys(fixture.json('get-response.seed.json'));
  it('survive any field of the documented link replaced, removed or renamed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('get-response.seed.json', 'get-response.plain.json', 'cancel-response.plain.json'),
        fc.array(
          fc.tuple(
            fc.constantFrom(...keys, 'amount', 'price'),
            fc.option(fc.jsonValue(), { nil: undefined }),
          ),
          {
            maxLength: 4,
          },
        ),
        (name, changes) => {
          const body: Record<string, unknown> = { ...fixture.json(name) };
          for (const [key, value] of changes) {
            if (value === undefined) delete body[key];
            else body[key] = value;
          }
          const link = decodeLink(body);
          if (link !== undefined) {
            expect(Number.isSafeInteger(link.amount.amount)).toBe(true);
            expect(link.status.raw).toBe(body['status']);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('read both amount namings alike', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.boolean(), (amount, plain) => {
        const base = fixture.json('get-response.seed.json');
        const { amount_cents: _cents, products: _products, ...rest } = base;
        const link = decodeLink({ ...rest, [plain ? 'amount' : 'amount_cents']: amount });
        expect(link?.amount.amount).toBe(amount);
      }),
    );
  });

  it('turn any list answer into pages or a DecodeError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ data: fc.array(fc.jsonValue(), { maxLength: 3 }), has_more: fc.jsonValue() }),
        ),
        (body) => {
          const decoded = decodeProviderBody(HsaLinkList, body, { provider: 'hsa-provider' });
          if (E.isRight(decoded)) decoded.right.data.forEach((l) => convertFromHsaLink(l, context));
          else expect(decoded.left._tag).toBe('DecodeError');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('read any error body without throwing', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({
            error: fc.record(
              { code: fc.jsonValue(), message: fc.jsonValue(), details: fc.jsonValue() },
              { requiredKeys: [] },
            ),
          }),
          fc.record(
            {
              success: fc.constant(false),
              error_code: fc.jsonValue(),
              error_type: fc.jsonValue(),
              details: fc.jsonValue(),
            },
            { requiredKeys: ['success'] },
          ),
        ),
        (body) => {
          const details = readHsaError(body);
          if (details !== undefined) {
            for (const value of Object.values(details)) expect(typeof value).toBe('string');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('webhooks', () => {
  const secret = 'whsec_property_secret';
  const options = { provider: 'hsa-provider', secret, now, referenceKey: 'paylinks_reference' };

  it('never throw, whatever arrives', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('x-gale-signature', 'authorization', 'content-type', 'X-Gale-Signature'),
          fc.string(),
        ),
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.uint8Array(),
        ),
        (headers, rawBody) => {
          const result = parseHsaWebhook({ headers, rawBody }, options);
          if (E.isLeft(result)) expect(result.left._tag).toBe('WebhookVerificationError');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('verify every payload signed with the secret, and refuse it with any other', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.string({ minLength: 4 }),
        (type, data, other) => {
          const body = JSON.stringify({ type, data });
          const t = Math.floor(now.getTime() / 1000);
          const ok = parseHsaWebhook(
            { headers: { 'X-Gale-Signature': signHsaWebhook(secret, body, t) }, rawBody: body },
            options,
          );
          expect(E.isRight(ok) && ok.right.rawType).toBe(type);
          fc.pre(other !== secret);
          const bad = parseHsaWebhook(
            { headers: { 'X-Gale-Signature': signHsaWebhook(other, body, t) }, rawBody: body },
            options,
          );
          expect(E.isLeft(bad) && bad.left._tag).toBe('WebhookVerificationError');
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('create input', () => {
  /** An axios stand-in that answers a create with the link the body describes. */
  function fakeAxios() {
    const calls: Array<{ url: string; data: string; headers: Record<string, string> }> = [];
    const request = async (config: { url: string; data: string; headers: Record<string, string> }) => {
      calls.push(config);
      const body = JSON.parse(config.data) as Record<string, unknown>;
      return {
        status: 201,
        headers: {},
        data: JSON.stringify({
          ...body,
          id: 'plink_prop',
          status: 'active',
          url: 'https://checkout.withgale.com/pay/plink_prop',
        }),
      };
    };
    return { calls, instance: Object.assign(() => undefined, { request }) };
  }

  const item = fc.record({
    id: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''),
    name: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== ''),
    quantity: fc.integer({ min: 1, max: 5 }),
    unitAmount: fc.integer({ min: 0, max: 100_000 }),
  });
  const validInput = fc
    .record({
      reference: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ''),
      description: fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() !== ''),
      lineItems: fc.array(item, { minLength: 1, maxLength: 4 }),
      metadata: fc.dictionary(
        fc.string({ minLength: 1, maxLength: 10 }).filter((k) => k !== 'paylinks_reference'),
        fc.string({ maxLength: 20 }),
        { maxKeys: 5 },
      ),
      subscription: fc.option(
        fc.record(
          {
            interval: fc.constantFrom('day', 'week', 'month', 'year'),
            intervalCount: fc.integer({ min: 1, max: 12 }),
            trialPeriodDays: fc.integer({ min: 0, max: 90 }),
          },
          { requiredKeys: ['interval'] },
        ),
        { nil: undefined },
      ),
      expiresInSeconds: fc.option(fc.integer({ min: 60, max: 90 * 86_400 }), { nil: undefined }),
    })
    .filter((i) => i.lineItems.reduce((s, l) => s + l.quantity * l.unitAmount, 0) > 0);

  function toInput(
    generated: typeof validInput extends fc.Arbitrary<infer T> ? T : never,
  ): CreatePaymentLinkInput {
    const amount = generated.lineItems.reduce((s, l) => s + l.quantity * l.unitAmount, 0);
    return {
      reference: generated.reference,
      amount: { amount, currency: 'USD' },
      description: generated.description,
      successUrl: 'https://yoursite.com/success',
      lineItems: generated.lineItems,
      metadata: generated.metadata,
      ...(generated.subscription !== undefined ? { subscription: generated.subscription } : {}),
      ...(generated.expiresInSeconds !== undefined ? { expiresIn: generated.expiresInSeconds } : {}),
    };
  }

  it('sends a body that adds up, carries the reference and reads back the same link', async () => {
    await fc.assert(
      fc.asyncProperty(validInput, async (generated) => {
        const { calls, instance } = fakeAxios();
        const input = toInput(generated);
        const amount = input.amount.amount;
        const provider = hsaProvider({
          apiKey: 'glm_test_prop',
          now: () => now,
          httpClient: instance as never,
        });
        const result = await provider.create(input)();
        if (E.isLeft(result)) throw new Error(`${result.left._tag}: ${result.left.message}`);
        expect(calls).toHaveLength(1);
        const body = JSON.parse(calls[0]!.data) as Record<string, unknown> & {
          products: Array<{ quantity: number; price_cents: number }>;
        };
        expect(body['amount_cents']).toBe(amount);
        expect(body.products.reduce((s, p) => s + p.quantity * p.price_cents, 0)).toBe(amount);
        expect(body['payment_type']).toBe(generated.subscription !== undefined ? 'subscription' : 'one_time');
        // Without an expiry the provider's own 15-day default applies: nothing is sent.
        expect(
          body['expires_at'] === undefined ? undefined : new Date(body['expires_at'] as string).getTime(),
        ).toBe(
          generated.expiresInSeconds === undefined
            ? undefined
            : now.getTime() + generated.expiresInSeconds * 1000,
        );
        expect(result.right.reference).toBe(generated.reference);
        expect(result.right.metadata).toEqual(generated.metadata);
        expect(result.right.amount).toEqual({ amount, currency: 'USD' });
        expect(result.right.lineItems).toEqual(generated.lineItems);
        if (generated.subscription !== undefined)
          expect(result.right.subscription).toEqual(generated.subscription);
      }),
      { numRuns: 150 },
    );
  });

  it('sends nothing for any input it refuses, and refuses with a ValidationError naming a field', async () => {
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const loose = fc.record(
      {
        reference: fc.oneof(fc.string({ maxLength: 300 }), fc.constant(undefined), fc.constant('inv-1')),
        amount: fc.record({
          amount: fc.oneof(fc.integer(), fc.double(), fc.constant(0), fc.integer({ min: 1, max: 5000 })),
          currency: fc.constantFrom('USD', 'usd', 'EURO', 'JPY', ''),
        }),
        description: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(undefined), fc.constant('Invoice')),
        successUrl: fc.oneof(
          fc.constant('https://yoursite.com/s'),
          fc.string({ maxLength: 10 }),
          fc.constant(undefined),
        ),
        webhookUrl: maybe(fc.constant('https://yoursite.com/hook')),
        cancelUrl: fc.constantFrom('https://yoursite.com/c', 'nope'),
        lineItems: maybe(
          fc.array(
            fc.record(
              {
                id: fc.string(),
                name: fc.string(),
                quantity: fc.integer({ min: -1, max: 3 }),
                unitAmount: fc.integer({ min: -5, max: 500 }),
              },
              { requiredKeys: ['name', 'quantity', 'unitAmount'] },
            ),
            { maxLength: 3 },
          ),
        ),
        subscription: maybe(
          fc.record({
            interval: fc.constantFrom('day', 'week', 'month', 'year', 'hour'),
            intervalCount: fc.integer({ min: -1, max: 2 }),
          }),
        ),
        expiresAt: maybe(
          fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        ),
      },
      { requiredKeys: [] },
    );
    let refused = 0;
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(loose, validInput.map(toInput)), async (input) => {
        const { calls, instance } = fakeAxios();
        const provider = hsaProvider({
          apiKey: 'glm_test_prop',
          now: () => now,
          httpClient: instance as never,
        });
        const result = await provider.create(input as unknown as CreatePaymentLinkInput)();
        if (E.isLeft(result)) {
          refused += 1;
          expect(result.left._tag).toBe('ValidationError');
          expect(result.left).toHaveProperty('field');
          expect(calls).toHaveLength(0);
        } else {
          sent += 1;
          expect(calls).toHaveLength(1);
        }
      }),
      { numRuns: 300 },
    );
    expect(refused).toBeGreaterThan(0);
    expect(sent).toBeGreaterThan(0);
  });
});
