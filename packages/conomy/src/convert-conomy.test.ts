import { currencies, parseDecimal } from '@paylinks/core';
import { decodeProviderBody, validateCreateInput, type ValidCreateInput } from '@paylinks/core/adapter';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtures } from '@paylinks/testing';

import { ConomyLink, ConomyLinkList } from './conomy-api.js';
import { convertFromConomyLink } from './convert-from-conomy-link.js';
import { convertToConomyRequest } from './convert-to-conomy-request.js';

const fixture = fixtures(new URL('./__fixtures__/', import.meta.url));
const paymentLink = fixture.json<{ id: string } & Record<string, unknown>>('payment-link.json');

const now = new Date('2026-01-15T12:00:00Z');
const codes = [...currencies.keys()];

function valid(input: Record<string, unknown>): ValidCreateInput {
  const result = validateCreateInput(input, { now });
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
}

function decode(body: unknown) {
  const decoded = decodeProviderBody(ConomyLink, body, { provider: 'conomy' });
  return E.isLeft(decoded) ? decoded : convertFromConomyLink(decoded.right);
}

const amountArb = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });

describe('amounts (property)', () => {
  it('go out with exactly the currency digits and read back to the same minor units, for every currency', () => {
    fc.assert(
      fc.property(fc.constantFrom(...codes), amountArb, (currency, amount) => {
        const exponent = currencies.get(currency)?.exponent ?? 0;
        const body = convertToConomyRequest(
          valid({
            reference: 'r',
            amount: { amount, currency },
            providerOptions: { conomy: { checkoutToken: 'r' } },
          }),
          { defaultDurationSeconds: 86400 },
        );
        if (E.isLeft(body)) return false;
        const text = body.right.items[0]?.totalAmount ?? '';
        const shape = exponent === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${exponent}}$`);
        const back = decode({ id: 'l', status: 'ACTIVE', currency, totalAmount: text });
        return shape.test(text) && E.isRight(back) && back.right.amount.amount === amount;
      }),
    );
  });

  it('read the same whether written with all digits, trimmed or with extra zeros', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.nat(3),
        (currency, amount, extra) => {
          const exponent = currencies.get(currency)?.exponent ?? 0;
          const digits = String(amount).padStart(exponent + 1, '0');
          const full = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
          const trimmed = full.includes('.') ? full.replace(/0+$/, '').replace(/\.$/, '') : full;
          const padded = `${full}${full.includes('.') ? '' : '.'}${'0'.repeat(extra + 1)}`;
          return [full, trimmed, padded].every((text) => {
            const parsed = parseDecimal(text, currency);
            const link = decode({ id: 'l', status: 'ACTIVE', currency, totalAmount: text });
            return (
              E.isRight(parsed) &&
              parsed.right.amount === amount &&
              E.isRight(link) &&
              link.right.amount.amount === amount
            );
          });
        },
      ),
    );
  });

  it('split line items into pre-tax and tax that add up exactly', () => {
    const item = fc.record({
      quantity: fc.integer({ min: 1, max: 20 }),
      unitAmount: fc.integer({ min: 1, max: 10 ** 7 }),
      taxShare: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom('CLP', 'EUR', 'KWD', 'JPY', 'CLF'),
        fc.array(item, { minLength: 1, maxLength: 5 }),
        (currency, items) => {
          const lineItems = items.map((it, i) => {
            const total = it.quantity * it.unitAmount;
            return {
              name: `item ${i}`,
              quantity: it.quantity,
              unitAmount: it.unitAmount,
              tax: { type: 'fixed', name: 'IVA', amount: Math.floor((total * it.taxShare) / 100) },
            };
          });
          const amount = lineItems.reduce((sum, li) => sum + li.quantity * li.unitAmount, 0);
          const body = convertToConomyRequest(
            valid({
              reference: 'r',
              amount: { amount, currency },
              lineItems,
              providerOptions: { conomy: { checkoutToken: 'r' } },
            }),
            { defaultDurationSeconds: 86400 },
          );
          if (E.isLeft(body)) return false;
          return body.right.items.every((sent, i) => {
            const minor = (text: string | undefined) => {
              const parsed = parseDecimal(text ?? 'x', currency);
              return E.isRight(parsed) ? parsed.right.amount : Number.NaN;
            };
            const line = lineItems[i]!;
            return (
              minor(sent.preTaxAmount) + minor(sent.tax?.amount) === minor(sent.totalAmount) &&
              minor(sent.totalAmount) === line.quantity * line.unitAmount
            );
          });
        },
      ),
    );
  });
});

describe('decoders (property)', () => {
  it('read the composed documented link', () => {
    expect(E.isRight(decode(paymentLink))).toBe(true);
  });

  it('turn any JSON into a link or a DecodeError, never a throw', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        const result = decode(body);
        return E.isRight(result) || result.left._tag === 'DecodeError';
      }),
    );
  });

  it('survive any field of the documented link replaced by anything', () => {
    const keys = Object.keys(paymentLink);
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.anything(), (key, value) => {
        const result = decode({ ...paymentLink, [key]: value });
        return E.isRight(result) || (result.left._tag === 'DecodeError' && result.left.errors.length > 0);
      }),
    );
  });

  it('keep any status string as raw, unknown when not documented', () => {
    fc.assert(
      fc.property(fc.string(), (status) => {
        const result = decode({ ...paymentLink, status });
        return E.isRight(result) && result.right.status.raw === status;
      }),
    );
  });

  it('read list pages or refuse them, never throw', () => {
    fc.assert(
      fc.property(
        fc.record({
          pagination: fc.anything(),
          results: fc.array(fc.oneof(fc.constant(paymentLink), fc.anything()), { maxLength: 3 }),
        }),
        (body) => {
          const decoded = decodeProviderBody(ConomyLinkList, body, { provider: 'conomy' });
          return E.isLeft(decoded)
            ? decoded.left._tag === 'DecodeError'
            : Array.isArray(decoded.right.results);
        },
      ),
    );
  });
});

describe('expiry', () => {
  it('is createdAt + duration when the link carries no expiresAt', () => {
    const result = decode({ ...paymentLink, createdAt: '2026-01-15T12:00:00Z', duration: 30 });
    expect(E.isRight(result) && result.right.expiresAt).toEqual(new Date('2026-01-15T12:00:30Z'));
  });

  it('refuses a createdAt that is not a timestamp', () => {
    const result = decode({ ...paymentLink, createdAt: 'yesterday' });
    expect(E.isLeft(result) && result.left.errors).toEqual([
      'createdAt: expected an ISO 8601 timestamp, got "yesterday"',
    ]);
  });
});
