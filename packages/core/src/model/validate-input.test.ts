import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';

import type { CreatePaymentLinkInput } from './model.js';
import { validateCreateInput } from './validate-input.js';
import { expectLeft } from '@paylinks/testing';

const now = new Date('2026-01-15T12:00:00Z');
const base: CreatePaymentLinkInput = { reference: 'inv-1', amount: { amount: 2500, currency: 'EUR' } };

const check = (input: unknown) => validateCreateInput(input, { now, defaultExpiry: { days: 30 } });
const field = (input: unknown): string => expectLeft(check(input)).field;

describe('validateCreateInput', () => {
  it('accepts a full input and resolves the expiry', () => {
    const result = check({
      ...base,
      description: 'Two seats',
      expiresIn: 'P7D',
      successUrl: 'https://shop.example/ok',
      failureUrl: 'https://shop.example/ko',
      webhookUrl: 'https://shop.example/hooks',
      customer: { email: 'ana@example.com', firstName: 'Ana', locale: 'es_CL', address: { country: 'CL' } },
      lineItems: [
        { name: 'Seat', quantity: 2, unitAmount: 1000, tax: { type: 'percentage', rate: '19', amount: 319 } },
        { name: 'Fee', quantity: 1, unitAmount: 500 },
      ],
      metadata: { order: '42' },
      paymentMethods: ['CARD'],
      providerOptions: { conomy: { checkoutToken: 'tok' } },
    });
    expect(E.isRight(result) && result.right).toMatchObject({
      reference: 'inv-1',
      amount: { amount: 2500, currency: 'EUR' },
      expiry: { source: 'expiresIn', seconds: 7 * 86_400, expiresAt: new Date('2026-01-22T12:00:00Z') },
    });
    expect(
      E.isRight(check(base)) &&
        (check(base) as E.Right<{ expiry?: { source: string } }>).right.expiry?.source,
    ).toBe('default');
  });

  it.each([
    [{ ...base, reference: '' }, 'reference'],
    [{ ...base, reference: 'x'.repeat(256) }, 'reference'],
    [{ amount: base.amount }, 'reference'],
    [{ ...base, amount: { amount: 0, currency: 'EUR' } }, 'amount.amount'],
    [{ ...base, amount: { amount: -5, currency: 'EUR' } }, 'amount.amount'],
    [{ ...base, amount: { amount: 10.5, currency: 'EUR' } }, 'amount.amount'],
    [{ ...base, amount: { amount: '100', currency: 'EUR' } }, 'amount.amount'],
    [{ ...base, amount: { amount: 100, currency: 'XYZ' } }, 'amount.currency'],
    [{ ...base, amount: { amount: 100, currency: 'usd' } }, 'amount.currency'],
    [{ ...base, expiresIn: 'P-1D' }, 'expiresIn'],
    [{ ...base, expiresIn: 'soon' }, 'expiresIn'],
    [{ ...base, expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    [{ ...base, successUrl: 'ftp://shop.example' }, 'successUrl'],
    [{ ...base, failureUrl: '/relative' }, 'failureUrl'],
    [{ ...base, webhookUrl: `https://x.example/${'a'.repeat(2100)}` }, 'webhookUrl'],
    [{ ...base, description: 'd'.repeat(1001) }, 'description'],
    [{ ...base, customer: { email: 'not-an-email' } }, 'customer.email'],
    [{ ...base, customer: { address: { country: 'Chile' } } }, 'customer.address.country'],
    [{ ...base, lineItems: [{ name: 'A', quantity: 1, unitAmount: 2000 }] }, 'lineItems'],
    [{ ...base, lineItems: [{ name: 'A', quantity: 0, unitAmount: 2500 }] }, 'lineItems.0.quantity'],
    [{ ...base, lineItems: [{ name: '', quantity: 1, unitAmount: 2500 }] }, 'lineItems.0.name'],
    [
      {
        ...base,
        lineItems: [{ name: 'A', quantity: 1, unitAmount: 2500, tax: { type: 'fixed', amount: 3000 } }],
      },
      'lineItems.0.tax.amount',
    ],
    [
      {
        ...base,
        lineItems: [{ name: 'A', quantity: 1, unitAmount: 2500, tax: { type: 'percentage', amount: 10 } }],
      },
      'lineItems.0.tax.rate',
    ],
    [{ ...base, subscription: { intervalCount: 1 } }, 'subscription.interval'],
    [{ ...base, subscription: { interval: 'fortnight' } }, 'subscription.interval'],
    [{ ...base, subscription: { interval: 'month', intervalCount: 0 } }, 'subscription.intervalCount'],
    [{ ...base, subscription: { interval: 'month', trialPeriodDays: -1 } }, 'subscription.trialPeriodDays'],
    [{ ...base, metadata: { k: 5 } }, 'metadata.k'],
    [{ ...base, metadata: { ['k'.repeat(41)]: 'v' } }, 'metadata'],
    [{ ...base, paymentMethods: [''] }, 'paymentMethods.0'],
  ])('refuses %j naming %s', (input, expected) => {
    expect(field(input)).toBe(expected);
  });

  it('lists every problem when there are several', () => {
    const result = check({ reference: '', amount: { amount: -1, currency: 'EUR' }, successUrl: 'nope' });
    expect(E.isLeft(result) && result.left.issues?.map((i) => i.field)).toEqual([
      'reference',
      'amount.amount',
      'successUrl',
    ]);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const result = check(value);
        if (E.isLeft(result)) expect(result.left._tag).toBe('ValidationError');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('URL inputs', () => {
  it.each([
    ['successUrl', 'https://x.example/ok\r\nSet-Cookie: a=b'],
    ['failureUrl', 'https://x.example/ko\n'],
    ['cancelUrl', 'https://x.example/\u0000'],
    ['webhookUrl', 'https://x.example/\u0085hook'],
    ['successUrl', 'javascript:alert(1)'],
    ['successUrl', 'ftp://x.example/ok'],
    ['successUrl', '/relative/ok'],
  ])('refuses %s %j before any request', (name, url) => {
    expect(field({ ...base, [name]: url })).toBe(name);
  });

  it('sends spaces and non-ASCII characters percent-encoded', () => {
    const result = check({
      ...base,
      successUrl: 'https://tienda.example/gracias/señor ok?q=café',
      failureUrl: 'https://bücher.example/ko',
    });
    expect(E.isRight(result) && result.right).toMatchObject({
      successUrl: 'https://tienda.example/gracias/se%C3%B1or%20ok?q=caf%C3%A9',
      failureUrl: 'https://xn--bcher-kva.example/ko',
    });
  });

  it('keeps a plain ASCII URL exactly as given', () => {
    const result = check({ ...base, successUrl: 'https://shop.example' });
    expect(E.isRight(result) && result.right.successUrl).toBe('https://shop.example');
  });
});
