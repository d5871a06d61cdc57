import type { PaymentLinkError } from '@paylinks/core';
import { fixtures } from '@paylinks/testing';
import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import axios from 'axios';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';

import { readCostplusError } from './costplus-error.js';
import { costplus } from './costplus-provider.js';
import { parseCostplusWebhook } from './costplus-webhook.js';

const fixture = fixtures(new URL('./__fixtures__/', import.meta.url));

// An axios instance that answers every request with the given status and body text,
// so the full HTTP boundary (status handling, JSON parse, codec) runs without sockets.
function answering(status: number, body: string) {
  const adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig) =>
    ({ data: body, status, statusText: '', headers: {}, config }) as AxiosResponse;
  return axios.create({ adapter });
}

const provider = (status: number, body: string) =>
  costplus({ apiKey: 'sk_test_property', retry: { maxRetries: 0 }, httpClient: answering(status, body) });

const documented = fixture.json('get-completed');

// Bodies the link codec must refuse: not an object, or a documented body with a
// required field broken.
const brokenLink = fc.oneof(
  fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
  fc
    .record({
      key: fc.constantFrom('id', 'amount', 'currency', 'status'),
      value: fc.oneof(
        fc.constant(undefined),
        fc.constant(null),
        fc.boolean(),
        fc.double().filter((d) => !Number.isSafeInteger(d)),
        fc.integer({ max: -1 }),
        fc.string().filter((s) => s.length !== 3),
        fc.array(fc.jsonValue(), { maxLength: 3 }),
      ),
    })
    .map(({ key, value }) => {
      const body: Record<string, unknown> = { ...documented };
      if (value === undefined) delete body[key];
      else body[key] = value;
      // A string is a valid id/status; make those keys fail with a non-string.
      if ((key === 'id' || key === 'status') && typeof body[key] === 'string') body[key] = 7;
      return body;
    }),
  fc
    .record({
      key: fc.constantFrom('created', 'completed', 'modified'),
      value: fc.oneof(
        fc.string().filter((s) => !/^\d{4}-\d{2}-\d{2}/.test(s)),
        fc.integer(),
        fc.boolean(),
      ),
    })
    .map(({ key, value }) => ({ ...documented, [key]: value })),
  fc
    .dictionary(fc.string(), fc.oneof(fc.integer(), fc.array(fc.integer(), { minLength: 1, maxLength: 3 })))
    .map((orders) => ({
      ...documented,
      orders: { ...orders, error: [1] },
    })),
);

describe('decoders never throw', () => {
  it('a link body the codec refuses is a DecodeError from get', async () => {
    await fc.assert(
      fc.asyncProperty(brokenLink, async (body) => {
        const result = await provider(200, JSON.stringify(body)).get('x')();
        expect(E.isLeft(result) && result.left._tag).toBe('DecodeError');
      }),
      { numRuns: 150 },
    );
  });

  it('any JSON answered to get or getOrder is a link/order or a DecodeError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (body) => {
        for (const call of [
          (p: ReturnType<typeof provider>) => p.get('x'),
          (p: ReturnType<typeof provider>) => p.getOrder('x'),
        ]) {
          const result = await call(provider(200, JSON.stringify(body)))();
          if (E.isLeft(result)) expect((result.left as PaymentLinkError)._tag).toBe('DecodeError');
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a 2xx body that is not JSON is a DecodeError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }).filter((s) => {
          try {
            JSON.parse(s);
            return false;
          } catch {
            return s.trim() !== '';
          }
        }),
        async (text) => {
          const result = await provider(200, text).get('x')();
          expect(E.isLeft(result) && result.left._tag).toBe('DecodeError');
        },
      ),
      { numRuns: 100 },
    );
  });

  it('any error body gives a tagged error (never a throw) and readCostplusError never throws', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 400, max: 599 }),
        fc.oneof(fc.jsonValue(), fc.string()),
        async (status, body) => {
          const text = typeof body === 'string' ? body : JSON.stringify(body);
          expect(() => readCostplusError(body, status)).not.toThrow();
          const result = await provider(status, text).get('x')();
          expect(E.isLeft(result)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('any webhook body is an event or a WebhookVerificationError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string(),
          fc.uint8Array(),
        ),
        (rawBody) => {
          const result = parseCostplusWebhook({ headers: {}, rawBody });
          if (E.isLeft(result)) expect(result.left._tag).toBe('WebhookVerificationError');
          else expect(result.right.verified).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
