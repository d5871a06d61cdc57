import { conomy } from '@paylinks/conomy';
import { checkCreate, fromProvider, PaymentLinkException, type PaymentLinkProvider } from '@paylinks/core';
import { costplus } from '@paylinks/costplus';
import { hsaProvider } from '@paylinks/hsa-provider';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';

// Issue 12, section 3: a ValidationError reads the same on every adapter, names fields and
// settings as the caller wrote them, and never an internal codec name.

// Nothing is sent: every input below is refused before any request.
const providers: PaymentLinkProvider[] = [
  costplus({ apiKey: 'k_costplus' }),
  conomy({ apiKey: 'k_conomy', accessToken: 't_conomy' }),
  hsaProvider({ apiKey: 'glm_test_k' }),
];
const base = { reference: 'inv-1', amount: { amount: 995, currency: 'EUR' } };
// An internal name looks like `must be ApiKey` / `required (Locale)`: a capitalised word where the expectation goes.
const internalName = /(?:must be|required \() ?[A-Z][a-z]/;

const refusals: ReadonlyArray<[string, Record<string, unknown>, string]> = [
  ['an empty reference', { ...base, reference: '' }, 'reference'],
  ['a zero amount', { ...base, amount: { amount: 0, currency: 'EUR' } }, 'amount.amount'],
  ['a lower-case currency', { ...base, amount: { amount: 1, currency: 'eur' } }, 'amount.currency'],
  ['a bad locale', { ...base, customer: { locale: 'english' } }, 'customer.locale'],
  ['a bad birthdate', { ...base, customer: { birthdate: '1/2/2000' } }, 'customer.birthdate'],
  ['a bad gender', { ...base, customer: { gender: 'x' } }, 'customer.gender'],
  ['too many metadata keys', { ...base, metadata: { ['k'.repeat(41)]: 'v' } }, 'metadata'],
  ['an expiry in the past', { ...base, expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
];

describe('ValidationError messages', () => {
  it.each(refusals)('read the same on every adapter for %s', async (_what, input, field) => {
    for (const provider of providers) {
      const result = await fromProvider(provider).te.create(input as never)();
      if (E.isRight(result)) throw new Error(`${provider.id} accepted ${JSON.stringify(input)}`);
      const error = result.left;
      expect(error).toMatchObject({
        _tag: 'ValidationError',
        provider: provider.id,
        operation: 'create',
        field,
      });
      const thrown = new PaymentLinkException(error).message;
      expect(thrown).toMatch(new RegExp(`^\\[${provider.id}\\] ValidationError: (?:\\d+ problems: )?`));
      expect(thrown, thrown).toContain(field);
      expect(thrown, thrown).not.toMatch(internalName);
    }
  });

  it('name settings as written, never a codec name', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => costplus({ apiKey: '' }), 'costplus.apiKey'],
      [() => hsaProvider({ apiKey: 'k', webhookSecret: '' }), 'hsa-provider.webhookSecret'],
      [
        () => hsaProvider({ apiKey: 'k', referenceMetadataKey: 'x'.repeat(41) }),
        'hsa-provider.referenceMetadataKey',
      ],
      [() => conomy({ apiKey: 'k', clientId: 'c' } as never), 'conomy.clientSecret'],
      [
        () => conomy({ apiKey: 'k', accessToken: 't', defaultDurationSeconds: 5 }),
        'conomy.defaultDurationSeconds',
      ],
    ];
    for (const [make, field] of cases) {
      let thrown: unknown;
      try {
        make();
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(PaymentLinkException);
      const error = (thrown as PaymentLinkException).error;
      expect(error).toMatchObject({ _tag: 'ValidationError', field });
      expect(error.message).toMatch(new RegExp(`^${field.replace('.', '\\.')} `));
      expect(error.message, error.message).not.toMatch(internalName);
    }
  });

  it('checkCreate reports what two providers miss, all in one error', () => {
    const result = checkCreate(
      {
        ...base,
        webhookUrl: 'https://shop.example/hooks',
        lineItems: [{ name: 'Seat', quantity: 1, unitAmount: 995 }],
      },
      providers,
    );
    if (result.ok) throw new Error('expected a ValidationError');
    expect(result.issues.map((i) => `${i.provider} ${i.field}`)).toEqual([
      'costplus lineItems',
      'conomy webhookUrl',
      'hsa-provider description',
      'hsa-provider successUrl',
      'hsa-provider lineItems.0.id',
      'hsa-provider webhookUrl',
    ]);
    expect(result.error.message).toMatch(/^6 problems: \[costplus\] lineItems is not supported/);
  });
});
