import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';

import { selectRouteRule, unmetConditions } from './match-route-rule.js';
import { decodeRoutingConfig, type RouteConditions, type RoutingConfig } from './routing-rules.js';

const now = new Date('2026-03-01T12:00:00Z');

const config = {
  rules: [
    { name: 'hsa-baskets', when: { lineItems: { hsaFsaEligible: 'any' } }, use: ['hsa-provider'] },
    { name: 'big-euros', when: { currency: ['EUR'], amount: { min: 100_000 } }, use: ['hsa-provider'] },
    { name: 'euros', when: { currency: ['EUR'] }, use: ['costplus', 'hsa-provider'] },
    { name: 'chile', when: { currency: ['CLP'], country: ['CL'] }, use: ['conomy', 'hsa-provider'] },
  ],
  fallback: ['hsa-provider'],
  health: { openMs: 10_000 },
};

function decoded(value: unknown): RoutingConfig {
  const result = decodeRoutingConfig(value, { providers: ['costplus', 'conomy', 'hsa-provider'] });
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
}

describe('routing rules as data', () => {
  it('decodes a JSON file and survives a JSON round trip unchanged', () => {
    const rules = decoded(JSON.parse(JSON.stringify(config)));
    expect(JSON.parse(JSON.stringify(rules))).toEqual(config);
  });

  it.each([
    [{ rules: [{ name: 'x', when: { currencey: ['EUR'] }, use: ['costplus'] }] }, 'rules.0.when.currencey'],
    [{ rules: [{ name: 'x', when: { currency: ['eur'] }, use: ['costplus'] }] }, 'rules.0.when.currency.0'],
    [{ rules: [{ name: 'x', when: { currency: [] }, use: ['costplus'] }] }, 'rules.0.when.currency'],
    [{ rules: [{ name: 'x', use: [] }] }, 'rules.0.use'],
    [{ rules: [{ name: 'x', use: ['costplus', 'costplus'] }] }, 'rules.0.use'],
    [{ rules: [{ name: 'x', when: { amount: { min: 5 } }, use: ['costplus'] }] }, 'rules.0'],
    [
      { rules: [{ name: 'x', when: { currency: ['EUR'], amount: { min: 9, max: 5 } }, use: ['costplus'] }] },
      'rules.0.when.amount',
    ],
    [{ rules: [{ name: 'x', when: { country: ['nl'] }, use: ['costplus'] }] }, 'rules.0.when.country.0'],
    [{ rules: [{ name: 'x', when: { needs: ['wings'] }, use: ['costplus'] }] }, 'rules.0.when.needs.0'],
    [
      {
        rules: [
          { name: 'x', use: ['costplus'] },
          { name: 'x', use: ['conomy'] },
        ],
      },
      '',
    ],
    [{ rules: [{ name: 'x', use: ['stripe'] }] }, 'rules.0.use.0'],
    [{ rules: [], fallback: ['costplus', 'paypal'] }, 'fallback.1'],
    [{ rules: [], extra: true }, 'extra'],
    [{ rules: [], health: { openMs: 0 } }, 'health.openMs'],
  ])('refuses %j naming %s', (value, field) => {
    const result = decodeRoutingConfig(value, { providers: ['costplus', 'conomy', 'hsa-provider'] });
    expect(E.isLeft(result) && result.left).toMatchObject({ _tag: 'ValidationError', field });
  });

  it('says what an unknown key is and which keys exist', () => {
    const result = decodeRoutingConfig({ rules: [{ name: 'x', when: { currencey: ['EUR'] }, use: ['a'] }] });
    expect(E.isLeft(result) && result.left.message).toContain('known: currency, amount, country');
  });

  it('reports every unknown provider at once', () => {
    const result = decodeRoutingConfig(
      { rules: [{ name: 'x', use: ['a', 'b'] }], fallback: ['c'] },
      { providers: ['a'] },
    );
    expect(E.isLeft(result) && result.left.issues?.map((i) => i.field)).toEqual([
      'rules.0.use.1',
      'fallback.0',
    ]);
  });
});

describe('matching', () => {
  const rules = decoded(config);
  const eur = (amount: number) => ({ reference: 'r', amount: { amount, currency: 'EUR' } });

  it('takes the first rule that matches', () => {
    expect(selectRouteRule(rules, eur(995), { now }).rule?.name).toBe('euros');
    expect(selectRouteRule(rules, eur(100_000), { now }).rule?.name).toBe('big-euros');
    const basket = {
      ...eur(995),
      lineItems: [{ name: 'Thermometer', quantity: 1, unitAmount: 995, hsaFsaEligible: true }],
    };
    expect(selectRouteRule(rules, basket, { now }).order).toEqual(['hsa-provider']);
  });

  it('keeps why each earlier rule did not match', () => {
    const selection = selectRouteRule(rules, eur(995), { now });
    expect(selection.verdicts).toEqual([
      {
        rule: 'hsa-baskets',
        matched: false,
        unmet: ['0 of 0 line items are HSA/FSA-eligible (rule wants any)'],
      },
      { rule: 'big-euros', matched: false, unmet: ['amount 995 is below 100000'] },
      { rule: 'euros', matched: true, unmet: [] },
    ]);
  });

  it('falls back when no rule matches, and says why for each rule', () => {
    const input = { reference: 'r', amount: { amount: 49_990, currency: 'CLP' } };
    const selection = selectRouteRule(rules, input, { now });
    expect(selection.rule).toBeUndefined();
    expect(selection.order).toEqual(['hsa-provider']);
    expect(selection.verdicts.at(-1)).toEqual({
      rule: 'chile',
      matched: false,
      unmet: ['no customer.address.country'],
    });
    expect(selectRouteRule({ rules: rules.rules }, input, { now }).order).toEqual([]);
  });

  it('reads country, merchant, metadata, needs and expiry', () => {
    const input = {
      reference: 'r',
      amount: { amount: 995, currency: 'EUR' },
      customer: { address: { country: 'NL' } },
      metadata: { channel: 'pos', plan: 'gold' },
      expiresIn: 'P40D',
    };
    const when = {
      country: ['NL', 'BE'],
      merchant: ['m-1'],
      metadata: { channel: 'pos', plan: true as const },
      needs: ['customer' as const, 'metadata' as const, 'expiry' as const],
      expiresIn: { minSeconds: 30 * 86_400 },
    };
    expect(unmetConditions(when, input, { now, merchantId: 'm-1' })).toEqual([]);
    expect(
      unmetConditions(
        when,
        { ...input, expiresIn: 'P7D', metadata: { channel: 'web' }, customer: {} },
        { now, merchantId: 'm-2' },
      ),
    ).toEqual([
      'no customer.address.country',
      'merchant m-2 is not one of m-1',
      'metadata.channel is not "pos"',
      'no metadata.plan',
      'expiry in 604800 s is sooner than 2592000 s',
    ]);
    expect(unmetConditions({ needs: ['subscription'], merchant: ['m-1'] }, input, { now })).toEqual([
      'no merchantId given',
      'the input has no subscription',
    ]);
  });

  it('reads an input of the wrong shape as having nothing, without throwing', () => {
    for (const input of [undefined, null, 42, 'x', [], { amount: 'x', lineItems: 'y', customer: 1 }]) {
      expect(selectRouteRule(rules, input, { now }).order).toEqual(['hsa-provider']);
    }
  });

  it('measures an expiresAt against the clock', () => {
    const input = {
      reference: 'r',
      amount: { amount: 1, currency: 'EUR' },
      expiresAt: '2026-03-01T13:00:00Z',
    };
    expect(unmetConditions({ expiresIn: { maxSeconds: 3600 } }, input, { now })).toEqual([]);
    expect(unmetConditions({ expiresIn: { maxSeconds: 3599 } }, input, { now })).toEqual([
      'expiry in 3600 s is later than 3599 s',
    ]);
  });

  // Issue 20, finding 10: a key Object.prototype has must not be read from it.
  const prototypeKeys = [
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'isPrototypeOf',
    '__defineGetter__',
  ];
  const noMetadata: ReadonlyArray<[string, unknown]> = [
    ['no metadata', { reference: 'r', amount: { amount: 1, currency: 'EUR' } }],
    ['empty metadata', { reference: 'r', amount: { amount: 1, currency: 'EUR' }, metadata: {} }],
    ['other metadata', { reference: 'r', amount: { amount: 1, currency: 'EUR' }, metadata: { a: '1' } }],
    ['metadata not an object', { reference: 'r', amount: { amount: 1, currency: 'EUR' }, metadata: 'x' }],
  ];
  it.each(prototypeKeys.flatMap((key) => noMetadata.map(([what, input]) => [key, what, input] as const)))(
    'a metadata rule on %j (decoded from JSON) does not match an input with %s',
    (key, _what, input) => {
      const routing = decoded(
        JSON.parse(
          `{"rules":[{"name":"flagged","when":{"metadata":{"${key}":true}},"use":["conomy"]}],"fallback":["costplus"]}`,
        ),
      );
      expect(selectRouteRule(routing, input, { now }).order).toEqual(['costplus']);
      expect(unmetConditions(routing.rules[0]!.when, input, { now })).toEqual([`no metadata.${key}`]);
    },
  );

  it.each(prototypeKeys)(
    'a metadata rule on %j matches only an input that has that key as its own',
    (key) => {
      const routing = decoded(
        JSON.parse(
          `{"rules":[{"name":"flagged","when":{"metadata":{"${key}":"yes"}},"use":["conomy"]}],"fallback":["costplus"]}`,
        ),
      );
      const input = JSON.parse(
        `{"reference":"r","amount":{"amount":1,"currency":"EUR"},"metadata":{"${key}":"yes"}}`,
      );
      expect(selectRouteRule(routing, input, { now }).order).toEqual(['conomy']);
    },
  );

  it('reads only the own fields of an input: inherited amount, customer, line items, metadata and expiry are absent', () => {
    const inherited = Object.create({
      amount: { amount: 200_000, currency: 'EUR' },
      customer: { address: { country: 'CL' } },
      lineItems: [{ hsaFsaEligible: true }],
      metadata: { tier: 'gold' },
      expiresIn: { seconds: 60 },
      subscription: {},
      webhookUrl: 'https://example.com/hook',
    }) as unknown;
    const when: RouteConditions = {
      currency: ['EUR'],
      country: ['CL'],
      metadata: { tier: 'gold' },
      lineItems: { hsaFsaEligible: 'any' },
      needs: ['subscription', 'webhookUrl', 'customer', 'expiry', 'lineItems', 'metadata'],
      expiresIn: { maxSeconds: 3600 },
    };
    expect(unmetConditions(when, inherited, { now })).toEqual([
      'currency (none) is not one of EUR',
      'no customer.address.country',
      'metadata.tier is not "gold"',
      '0 of 0 line items are HSA/FSA-eligible (rule wants any)',
      'the input has no subscription',
      'the input has no webhookUrl',
      'the input has no customer',
      'the input has no expiry',
      'the input has no lineItems',
      'the input has no metadata',
      'no valid expiresIn or expiresAt',
    ]);
  });
});
